/**
 * The dashboard in the BUILT standalone server (`npm start` runs `apps/eureka-server/dist/main.js`,
 * which loads Nest's real ESM, unlike jest): `/` shows it, assets load, the environment variables
 * `EUREKA_DASHBOARD_PATH` and `EUREKA_DASHBOARD_ENABLED` move or remove it, and a bad path stops
 * start-up naming the variable. Assumes `npm run build` ran (`npm test` does).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register, LANDSCAPE } from './support/dashboard-fixtures';
import { http } from './support/http-client';
import { freePort } from './support/ports';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js');

jest.setTimeout(30_000);

interface Started {
  proc: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  baseUrl: string;
}

const started: Started[] = [];

async function startBuilt(env: Record<string, string>, waitForListen = true): Promise<Started> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PORT: String(port), HOST: '127.0.0.1', ...env };
  delete childEnv.NODE_OPTIONS;
  const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
  const exit = new Promise<number | null>((r) => proc.once('close', (code) => r(code)));
  const child: Started = { proc, output: () => output, exit, baseUrl: `http://127.0.0.1:${port}` };
  started.push(child);
  if (!waitForListen) return child;
  const deadline = Date.now() + 15_000;
  let exited = false;
  void exit.then(() => (exited = true));
  while (!/Eureka server listening/.test(output)) {
    if (exited || Date.now() > deadline) throw new Error(`built server did not start:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) continue;
    child.proc.kill('SIGTERM');
    const timer = setTimeout(() => child.proc.kill('SIGKILL'), 3000);
    await child.exit;
    clearTimeout(timer);
  }
});

const describeBuilt = existsSync(MAIN) ? describe : describe.skip;
if (!existsSync(MAIN)) process.stderr.write(`\n!!! SKIPPED dashboard-built-server: ${MAIN} is missing; run npm run build first\n\n`);

describeBuilt('dashboard in the built standalone server', () => {
  it('shows the dashboard at / with the instances registered over HTTP, and its assets', async () => {
    const server = await startBuilt({});
    for (const i of LANDSCAPE.slice(0, 4)) await register(`${server.baseUrl}/eureka`, i);
    const home = await http('GET', `${server.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(home.text).toContain('>System Status</h2>');
    expect(home.text).toContain('<th scope="row"><b>ORDERS</b></th>');
    expect(home.text).toContain('<th scope="row"><b>PAYMENTS</b></th>');
    const js = /src="(\/dashboard\/assets\/dashboard\.js\?v=[0-9a-f]+)"/.exec(home.text)![1];
    expect((await http('GET', `${server.baseUrl}${js}`)).status).toBe(200);
    expect((await http('GET', `${server.baseUrl}/lastn`)).text).toContain('ORDERS(orders-1)');
    const overview = JSON.parse((await http('GET', `${server.baseUrl}/dashboard/api/overview`)).text);
    expect(overview.totals.instances).toBe(4);
  });

  it('moves the dashboard with EUREKA_DASHBOARD_PATH and removes it with EUREKA_DASHBOARD_ENABLED=false', async () => {
    const moved = await startBuilt({ EUREKA_DASHBOARD_PATH: '/registry-ui' });
    expect((await http('GET', `${moved.baseUrl}/registry-ui`)).status).toBe(200);
    expect((await http('GET', `${moved.baseUrl}/`)).status).toBe(404);
    const off = await startBuilt({ EUREKA_DASHBOARD_ENABLED: 'false' });
    expect((await http('GET', `${off.baseUrl}/`)).status).toBe(404);
    expect((await http('GET', `${off.baseUrl}/eureka/apps`, { headers: { accept: 'application/json' } })).status).toBe(200);
  });

  it('stops start-up naming EUREKA_DASHBOARD_PATH when it is not a plain path', async () => {
    const bad = await startBuilt({ EUREKA_DASHBOARD_PATH: '/:id' }, false);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toContain('EUREKA_DASHBOARD_PATH="/:id" must be a URL path');
  });
});
