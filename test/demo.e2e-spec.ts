/**
 * The demo topology (`npm run demo` after the build: `node scripts/demo.js`) as real processes from
 * dist/: the Eureka server, two greeting-service instances and greeting-consumer, on free ports.
 *
 * Both providers and the consumer register; the consumer's calls by name reach both providers;
 * a provider whose Terminus check goes DOWN is shown DOWN by Eureka within the demo's intervals and
 * gets no more calls; SIGTERM to a provider deregisters it at once (well before its lease could
 * expire) while calls keep succeeding; SIGINT to the demo stops every process.
 *
 * The measured times (all UP, DOWN visible in Eureka, consumer no longer calling) are printed.
 * Assumes `npm run build` ran before jest. Every wait is bounded; every process is stopped in afterAll.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { http } from './support/http-client';
import { RunningProcess, freePorts, isAlive, killPid, pollUntil, signalPid, spawnNode, stopProcess, tail, waitForExit, waitForOutput } from './support/processes';

const ROOT = resolve(__dirname, '..');
const APPS = ['eureka-server', 'greeting-service', 'greeting-consumer'];
/** The demo's intervals (scripts/demo.js): heartbeat + health check, registry fetch, lease duration. */
const RENEWAL_MS = 2000;
const FETCH_MS = 2000;
const LEASE_MS = 6000;

jest.setTimeout(120_000);

interface GreetResult {
  greeting: string;
  servedBy: string;
}

describe('the demo topology (node scripts/demo.js, built apps as separate processes)', () => {
  let demo: RunningProcess | undefined;
  const pids = new Map<string, number>();
  let server = '';
  let consumer = '';
  let consumerId = '';
  let provider: Record<'g1' | 'g2', { url: string; id: string; port: number }>;
  const figures: Record<string, number> = {};

  const fail = (error: unknown): never => {
    if (error instanceof Error) error.message += tail(demo);
    throw error;
  };
  const json = async <T>(method: string, url: string): Promise<{ status: number; body: T }> => {
    const res = await http(method, url, { headers: { Accept: 'application/json' }, timeoutMs: 3000 });
    return { status: res.status, body: (res.text ? JSON.parse(res.text) : undefined) as T };
  };
  const greet = async () => {
    const res = await json<GreetResult>('GET', `${consumer}/greet?name=test`);
    if (res.status !== 200) throw new Error(`GET /greet answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.servedBy;
  };
  const registryStatus = async (id: string) => {
    const res = await json<{ instance: { status: string } }>('GET', `${server}/eureka/apps/GREETING-SERVICE/${encodeURIComponent(id)}`);
    return res.status === 200 ? res.body.instance.status : `HTTP ${res.status}`;
  };
  const consumerSees = async () => (await json<{ instanceId: string }[]>('GET', `${consumer}/greet/instances`)).body.map((i) => i.instanceId);

  beforeAll(async () => {
    for (const app of APPS) {
      const main = join(ROOT, 'apps', app, 'dist', 'main.js');
      if (!existsSync(main)) throw new Error(`${main} does not exist: run \`npm run build\` before jest (\`npm test\` does).`);
    }
    const [serverPort, p1, p2, consumerPort] = await freePorts(4);
    server = `http://127.0.0.1:${serverPort}`;
    consumer = `http://127.0.0.1:${consumerPort}`;
    consumerId = `127.0.0.1:greeting-consumer:${consumerPort}`;
    provider = {
      g1: { url: `http://127.0.0.1:${p1}`, id: `127.0.0.1:greeting-service:${p1}`, port: p1 },
      g2: { url: `http://127.0.0.1:${p2}`, id: `127.0.0.1:greeting-service:${p2}`, port: p2 },
    };
    const startedAt = Date.now();
    demo = spawnNode('demo', [join(ROOT, 'scripts', 'demo.js')], {
      cwd: ROOT,
      detached: true,
      env: { DEMO_SERVER_PORT: String(serverPort), DEMO_GREETING_PORTS: `${p1},${p2}`, DEMO_CONSUMER_PORT: String(consumerPort) },
    });
    try {
      await waitForOutput(demo, /all UP after [\d.]+ s/, 60_000);
    } finally {
      for (const [, name, pid] of demo.output.matchAll(/started (\S+) \(pid (\d+)\)/g)) pids.set(name, Number(pid));
    }
    figures.allUpMs = Date.now() - startedAt;
  });

  afterAll(async () => {
    await stopProcess(demo, 12_000);
    // The demo starts each service in its own process group; make sure none outlives a failed run.
    await Promise.all([...pids.values()].map((pid) => killPid(pid, '/dist/main.js')));
    if (Object.keys(figures).length > 0) console.log(`demo figures (ms): ${JSON.stringify(figures)}`);
  });

  it('starts all four processes and lists both providers and the consumer UP in the registry', async () => {
    expect([...pids.keys()]).toEqual(['server', 'greeting-1', 'greeting-2', 'consumer']);
    const apps = await json<{ applications: { application: { name: string; instance: { instanceId: string; status: string }[] }[] } }>(
      'GET',
      `${server}/eureka/apps`,
    );
    const byApp = Object.fromEntries(apps.body.applications.application.map((a) => [a.name, a.instance.map((i) => `${i.instanceId} ${i.status}`).sort()]));
    expect(byApp).toEqual({
      'GREETING-SERVICE': [`${provider.g1.id} UP`, `${provider.g2.id} UP`].sort(),
      'GREETING-CONSUMER': [`${consumerId} UP`],
    });
    expect(demo!.output).toContain(`${server}/health`);
    expect(demo!.output).toContain(`${provider.g1.url}/admin/health/down`);
  });

  it('answers Terminus /health on the server and on every service, with the Eureka client indicator', async () => {
    const serverHealth = await json<{ status: string; details: Record<string, Record<string, unknown>> }>('GET', `${server}/health`);
    expect(serverHealth.status).toBe(200);
    // In its first minute the server counts no renewals yet: not warmed up, nothing reported degraded.
    expect(serverHealth.body.status).toBe('ok');
    expect(serverHealth.body.details).toMatchObject({
      warmup: { status: 'up', openForTraffic: true, readsAllowed: true, warmedUp: false },
      selfPreservation: { status: 'up', enabled: true },
      renews: { status: 'up', threshold: expect.any(Number), renewsPerMinute: expect.any(Number), measuredOverSeconds: expect.any(Number), instances: 3 },
      peers: { status: 'up', configured: 0, replication: 'not configured' },
    });
    for (const url of [provider.g1.url, provider.g2.url, consumer]) {
      const health = await json<{ status: string; details: Record<string, Record<string, unknown>> }>('GET', `${url}/health`);
      expect({ url, status: health.status, eureka: health.body.details.eureka }).toMatchObject({
        url,
        status: 200,
        eureka: { status: 'up', registered: true, instanceStatus: 'UP' },
      });
    }
  });

  it("routes the consumer's calls by application name to both providers", async () => {
    await pollUntil('the consumer to see both providers', async () => (await consumerSees()).length === 2, 10_000).catch(fail);
    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) servedBy.add(await greet());
    expect([...servedBy].sort()).toEqual([provider.g1.id, provider.g2.id].sort());
  });

  it('shows a provider whose health check goes DOWN as DOWN in Eureka, and the consumer stops calling it', async () => {
    const downAt = Date.now();
    const post = await json<{ availability: string }>('POST', `${provider.g1.url}/admin/health/down`);
    expect(post).toEqual({ status: 200, body: expect.objectContaining({ availability: 'down' }) });

    // Call through the consumer all along, noting when greeting-1 answered last.
    let lastCallToG1 = downAt;
    let calls = 0;
    let calling = true;
    const caller = (async () => {
      while (calling) {
        if ((await greet()) === provider.g1.id) lastCallToG1 = Date.now();
        calls++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      const inEureka = await pollUntil('greeting-1 DOWN in Eureka', async () => (await registryStatus(provider.g1.id)) === 'DOWN', RENEWAL_MS * 2 + 2000);
      figures.downInEurekaMs = inEureka.elapsedMs;
      const inConsumer = await pollUntil('the consumer to drop greeting-1', async () => !(await consumerSees()).includes(provider.g1.id), FETCH_MS * 2 + 3000);
      figures.consumerDropsItMs = Date.now() - downAt;
      // Calls after that all go to greeting-2.
      const before = calls;
      await pollUntil('10 more calls', () => calls >= before + 10, 10_000);
      expect(inConsumer.value).toBe(true);
    } catch (error) {
      fail(error);
    } finally {
      calling = false;
      await caller;
    }
    figures.lastCallToDownProviderMs = lastCallToG1 - downAt;
    expect(Date.now() - lastCallToG1).toBeGreaterThan(500);
    expect(figures.lastCallToDownProviderMs).toBeLessThanOrEqual(figures.consumerDropsItMs);
    for (let i = 0; i < 4; i++) expect(await greet()).toBe(provider.g2.id);
    expect((await http('GET', `${provider.g1.url}/health`)).status).toBe(503);
  });

  it('takes the provider back once its check is UP again', async () => {
    await json('POST', `${provider.g1.url}/admin/health/up`);
    await pollUntil('greeting-1 UP in Eureka', async () => (await registryStatus(provider.g1.id)) === 'UP', RENEWAL_MS * 2 + 2000).catch(fail);
    await pollUntil('the consumer to see greeting-1 again', async () => (await consumerSees()).includes(provider.g1.id), FETCH_MS * 2 + 3000).catch(fail);
    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) servedBy.add(await greet());
    expect(servedBy.size).toBe(2);
  });

  it('deregisters a provider on SIGTERM (not evicted later) while calls keep succeeding', async () => {
    const pid = pids.get('greeting-2')!;
    const statuses: number[] = [];
    const servedBy: string[] = [];
    let calling = true;
    const caller = (async () => {
      while (calling) {
        const res = await json<GreetResult>('GET', `${consumer}/greet?name=test`);
        statuses.push(res.status);
        if (res.status === 200) servedBy.push(res.body.servedBy);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const termAt = Date.now();
    try {
      signalPid(pid, 'SIGTERM');
      const gone = await pollUntil('greeting-2 gone from the registry', async () => (await registryStatus(provider.g2.id)) === 'HTTP 404', LEASE_MS);
      figures.deregisteredAfterSigtermMs = gone.elapsedMs;
      await pollUntil('greeting-2 to exit', () => !isAlive(pid), 10_000);
      await waitForOutput(demo!, /greeting-2 \(pid \d+\) exited with code 0/, 5000);
      await pollUntil('the consumer to drop greeting-2', async () => !(await consumerSees()).includes(provider.g2.id), FETCH_MS * 2 + 3000);
      await new Promise((r) => setTimeout(r, 500));
    } catch (error) {
      fail(error);
    } finally {
      calling = false;
      await caller;
    }
    // Cancelled by the provider itself: a lease that renewed expires only 2 x 6 s after its last
    // renewal, and eviction runs every 2 s after that, so an eviction could not be this quick.
    expect(figures.deregisteredAfterSigtermMs).toBeLessThan(LEASE_MS / 2);
    expect(demo!.output).toMatch(/greeting-2 +\| LOG \[EurekaRegistration\] unregistered GREETING-SERVICE\//);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(servedBy.slice(-3)).toEqual([provider.g1.id, provider.g1.id, provider.g1.id]);
    console.log(`demo: ${statuses.length} calls during and after the SIGTERM of greeting-2, all 200`);
  });

  it('stops every process when the demo gets SIGINT (Ctrl-C)', async () => {
    signalPid(demo!.pid, 'SIGINT');
    const { code } = await waitForExit(demo!, 15_000).catch(fail);
    expect(code).toBe(0);
    expect(demo!.output).toMatch(/stopped in [\d.]+ s/);
    expect(demo!.output).toMatch(/consumer +\| LOG \[EurekaRegistration\] unregistered GREETING-CONSUMER\//);
    for (const [name, pid] of pids) expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });
  });
});

describe('the demo with a port already taken', () => {
  it('fails at once, naming the port and how to choose another, and starts nothing', async () => {
    const [serverPort, p1, p2, consumerPort] = await freePorts(4);
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(consumerPort, '127.0.0.1', done));
    const demo = spawnNode('demo', [join(ROOT, 'scripts', 'demo.js')], {
      cwd: ROOT,
      detached: true,
      env: { DEMO_SERVER_PORT: String(serverPort), DEMO_GREETING_PORTS: `${p1},${p2}`, DEMO_CONSUMER_PORT: String(consumerPort) },
    });
    try {
      const { code } = await waitForExit(demo, 10_000);
      expect(code).toBe(1);
      expect(demo.output).toContain(`port ${consumerPort} (consumer) already in use on 127.0.0.1`);
      expect(demo.output).toContain('DEMO_CONSUMER_PORT');
      expect(demo.output).not.toContain('started server');
    } finally {
      await stopProcess(demo, 1000);
      await new Promise((done) => squatter.close(done));
    }
  });
});
