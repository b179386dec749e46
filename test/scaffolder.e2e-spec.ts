/**
 * The service scaffolder (`npm run new:service`, scripts/new-service.js) on a temporary copy of the
 * repository (node_modules symlinked, dist/ copied so the builds are incremental):
 * bad or taken names and ports are refused with nothing written; a generated service builds,
 * type-checks, passes its own unit and e2e tests, starts against the built server, registers UP and
 * deregisters on SIGTERM. Also: the Nest schematic stages the same files through a schematic Tree,
 * and the sample apps' shared files are the templates rendered for them.
 *
 * Assumes `npm run build` ran before jest. Every process is stopped and the copy removed in afterAll.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { http } from './support/http-client';
import { RunningProcess, freePorts, pollUntil, spawnNode, stopProcess, tail, waitForExit } from './support/processes';

const ROOT = resolve(__dirname, '..');
const COPIED = ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'nest-cli.json', 'jest.config.js', 'libs', 'apps', 'scripts', 'test'];
const NAME = 'inventory-api';

jest.setTimeout(180_000);

interface PlannedFile {
  path: string;
  content: string;
}
interface Scaffold {
  ScaffoldError: new (message: string) => Error;
  fileSystemWorkspace(root: string): unknown;
  planService(workspace: unknown, request: { name?: string; port?: number | string }): { files: PlannedFile[]; updates: PlannedFile[] };
  renderTemplate(template: string, values: Record<string, string | number>): string;
  templateValues(name: string, port: number): Record<string, string | number>;
}
// Plain CommonJS scripts (they run before anything is built); typed here for the test.
const scaffold = require(join(ROOT, 'scripts', 'service-scaffold.js')) as Scaffold;
const schematic = require(join(ROOT, 'scripts', 'schematics', 'service', 'index.js')) as {
  service(options: { name: string; port?: number }): (tree: MemoryTree, context: unknown) => unknown;
};

/** Every file under `dir` with its size and mtime: a fingerprint that shows any write. */
function fingerprint(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return [`${relative}/`, ...fingerprint(dir, relative)];
    const stat = statSync(join(dir, relative));
    return [`${relative} ${stat.size} ${stat.mtimeMs}`];
  });
}

/**
 * A stand-in for the schematic Tree the Nest CLI hands a rule: reads the repository from disk and
 * stages creations and overwrites in memory (what the devkit commits only when the rule succeeds).
 */
class MemoryTree {
  readonly staged = new Map<string, string>();

  constructor(private readonly root: string) {}

  read(p: string): Buffer | null {
    const key = norm(p);
    if (this.staged.has(key)) return Buffer.from(this.staged.get(key)!);
    const file = join(this.root, key);
    return existsSync(file) && statSync(file).isFile() ? readFileSync(file) : null;
  }

  exists(p: string): boolean {
    return this.read(p) !== null;
  }

  getDir(p: string): { subdirs: string[]; subfiles: string[] } {
    const dir = join(this.root, norm(p));
    const entries = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir, { withFileTypes: true }) : [];
    return { subdirs: entries.filter((e) => e.isDirectory()).map((e) => e.name), subfiles: entries.filter((e) => e.isFile()).map((e) => e.name) };
  }

  create(p: string, content: string): void {
    if (this.exists(p)) throw new Error(`${p} already exists`);
    this.staged.set(norm(p), content);
  }

  overwrite(p: string, content: string): void {
    if (!this.exists(p)) throw new Error(`${p} does not exist`);
    this.staged.set(norm(p), content);
  }
}

function norm(p: string): string {
  return p.replace(/^\/+/, '');
}

describe('the service scaffolder (npm run new:service) on a copy of the repository', () => {
  let copy = '';
  const processes: RunningProcess[] = [];

  /** `node <args>` in the copy; resolves with its exit code and output, bounded by `timeoutMs`. */
  async function run(args: string[], timeoutMs: number, env: Record<string, string> = {}) {
    const child = spawnNode(args.join(' '), args, { cwd: copy, env });
    processes.push(child);
    try {
      const { code } = await waitForExit(child, timeoutMs);
      return { code, output: child.output, child };
    } catch (error) {
      await stopProcess(child, 1000);
      throw error;
    }
  }
  const bin = (pkg: string, file: string) => join(copy, 'node_modules', pkg, 'bin', file);

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js'))) {
      throw new Error('apps/eureka-server/dist is missing: run `npm run build` before jest (`npm test` does).');
    }
    copy = mkdtempSync(join(tmpdir(), 'nest-eureka-scaffold-'));
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => stopProcess(p, 5000)));
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('refuses bad or taken names and ports clearly, writing nothing', async () => {
    const before = [...fingerprint(join(copy, 'apps')), readFileSync(join(copy, 'nest-cli.json'), 'utf8')];
    const cases: [string[], RegExp][] = [
      [[], /a service name is required/],
      [['Bad_Name'], /"Bad_Name" must be kebab-case/],
      [['9lives'], /"9lives" must be kebab-case/],
      [['order--history'], /must be kebab-case/],
      [['x'.repeat(41)], /longer than 40 characters/],
      [['greeting-service'], /apps\/greeting-service already exists/],
      [['eureka-client'], /"eureka-client" is reserved/],
      [['orders', '--port', '8081'], /port 8081 is already the default port of apps\/greeting-service/],
      [['orders', '--port', '80'], /--port "80" must be an integer between 1024 and 65535/],
      [['orders', '--port'], /--port needs a value/],
      [['orders', '--bogus'], /unknown option --bogus/],
      [['orders', 'extra'], /one service name expected/],
    ];
    for (const [args, message] of cases) {
      const { code, output } = await run([join(copy, 'scripts', 'new-service.js'), ...args], 10_000);
      expect({ args, code, refused: message.test(output), nothingWritten: output.includes('Nothing was written') }).toEqual({
        args,
        code: 2,
        refused: true,
        nothingWritten: true,
      });
    }
    expect([...fingerprint(join(copy, 'apps')), readFileSync(join(copy, 'nest-cli.json'), 'utf8')]).toEqual(before);
  });

  let port = 0;

  it('generates a service (npm run new:service) that builds, type-checks and passes its own tests', async () => {
    [port] = await freePorts(1);
    // Through npm as a user would when jest runs under npm (npm_execpath); else the script itself.
    const npm = process.env.npm_execpath?.endsWith('.js') ? [process.env.npm_execpath, 'run', '--silent', 'new:service', '--'] : [join(copy, 'scripts', 'new-service.js')];
    const result = await run([...npm, NAME, '--port', String(port)], 30_000);
    expect({ code: result.code, output: result.output }).toEqual({ code: 0, output: expect.stringContaining(`Created apps/${NAME} (default port ${port}, registers as INVENTORY-API)`) });
    for (const file of ['package.json', 'tsconfig.build.json', 'src/main.ts', 'src/app.module.ts', 'src/config/service.config.ts', 'src/health/health.controller.ts', `src/${NAME}.controller.ts`, `src/${NAME}.controller.spec.ts`, `test/${NAME}.e2e.spec.ts`]) {
      expect(existsSync(join(copy, 'apps', NAME, file))).toBe(true);
    }
    expect(readFileSync(join(copy, 'apps', NAME, 'src', 'app.module.ts'), 'utf8')).toMatch(/@EnableDiscovery\(\)/);
    expect(JSON.parse(readFileSync(join(copy, 'nest-cli.json'), 'utf8')).projects[NAME]).toEqual({
      type: 'application',
      root: `apps/${NAME}`,
      entryFile: 'main',
      sourceRoot: `apps/${NAME}/src`,
    });

    const build = await run([join(copy, 'scripts', 'build.js')], 120_000);
    expect({ code: build.code, output: build.output }).toEqual({ code: 0, output: '' });
    expect(existsSync(join(copy, 'apps', NAME, 'dist', 'main.js'))).toBe(true);
    const typecheck = await run([bin('typescript', 'tsc'), '-p', 'tsconfig.json'], 120_000);
    expect({ code: typecheck.code, output: typecheck.output }).toEqual({ code: 0, output: '' });

    const tests = await run([bin('jest', 'jest.js'), `apps/${NAME}/`], 120_000, { CI: 'true' });
    expect({ code: tests.code, output: tests.output }).toEqual({ code: 0, output: expect.stringMatching(/Tests: +5 passed, 5 total/) });
    expect(tests.output).toContain(`apps/${NAME}/test/${NAME}.e2e.spec.ts`);
  });

  it('starts the generated service against a running server: registered, UP, healthy, deregistered on SIGTERM', async () => {
    expect(port).toBeGreaterThan(0);
    const [serverPort] = await freePorts(1);
    const eureka = `http://127.0.0.1:${serverPort}/eureka`;
    const server = spawnNode('server', [join(copy, 'apps', 'eureka-server', 'dist', 'main.js')], {
      cwd: copy,
      env: { PORT: String(serverPort), HOST: '127.0.0.1', EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false' },
    });
    processes.push(server);
    await pollUntil('the server to answer', async () => (await http('GET', `${eureka}/apps`)).status === 200, 15_000).catch((e: Error) => {
      throw new Error(e.message + tail(server));
    });

    // No PORT: the service listens on the default port the scaffolder wrote.
    const service = spawnNode(NAME, [join(copy, 'apps', NAME, 'dist', 'main.js')], {
      cwd: copy,
      env: { EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: `${eureka}/`, EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: '1' },
    });
    processes.push(service);
    const instance = `${eureka}/apps/INVENTORY-API/${encodeURIComponent(`127.0.0.1:${NAME}:${port}`)}`;
    const statusOf = async () => {
      const res = await http('GET', instance, { headers: { Accept: 'application/json' } });
      return res.status === 200 ? (JSON.parse(res.text).instance.status as string) : `HTTP ${res.status}`;
    };
    await pollUntil(`${NAME} UP in the registry`, async () => (await statusOf()) === 'UP', 20_000).catch((e: Error) => {
      throw new Error(e.message + tail(service) + tail(server));
    });

    const hello = await http('GET', `http://127.0.0.1:${port}/hello`);
    expect({ status: hello.status, body: JSON.parse(hello.text) }).toEqual({
      status: 200,
      body: { message: `Hello from ${NAME}!`, instanceId: `127.0.0.1:${NAME}:${port}` },
    });
    const health = await http('GET', `http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text).details).toMatchObject({ memory_heap: { status: 'up' }, eureka: { status: 'up', registered: true } });

    service.proc.kill('SIGTERM');
    const { code } = await waitForExit(service, 10_000);
    expect(code).toBe(0);
    expect(await statusOf()).toBe('HTTP 404');
    expect(service.output).toMatch(/unregistered INVENTORY-API\//);
  });

  it('offers the same generator as a Nest schematic, staging the same files through the Tree', () => {
    const tree = new MemoryTree(ROOT);
    schematic.service({ name: 'orders', port: 8123 })(tree, { logger: { info: () => undefined } });
    const plan = scaffold.planService(scaffold.fileSystemWorkspace(ROOT), { name: 'orders', port: 8123 });
    expect(Object.fromEntries(tree.staged)).toEqual(Object.fromEntries([...plan.files, ...plan.updates].map((f) => [f.path, f.content])));

    const refused = new MemoryTree(ROOT);
    expect(() => schematic.service({ name: 'greeting-service' })(refused, {})).toThrow(/apps\/greeting-service already exists/);
    expect(refused.staged.size).toBe(0);
  });

  it('keeps the sample apps in the starter shape: their main.ts and config are the templates rendered for them', () => {
    const rendered = (template: string, name: string, port: number) => scaffold.renderTemplate(template, scaffold.templateValues(name, port));
    const file = (path: string) => readFileSync(join(ROOT, path), 'utf8');
    expect(file('apps/greeting-service/src/main.ts')).toBe(rendered('src/main.ts.template', 'greeting-service', 8081));
    expect(file('apps/greeting-consumer/src/main.ts')).toBe(rendered('src/main.ts.template', 'greeting-consumer', 8090));
    expect(file('apps/greeting-service/src/config/service.config.ts')).toBe(rendered('src/config/service.config.ts.template', 'greeting-service', 8081));
    expect(file('apps/greeting-consumer/src/config/service.config.ts')).toBe(rendered('src/config/service.config.ts.template', 'greeting-consumer', 8090));
  });
});
