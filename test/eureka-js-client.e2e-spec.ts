/**
 * Interoperability with the real third-party Node client `eureka-js-client` (v4.5): registration,
 * heartbeats, registry fetch (by app and by VIP) and deregistration against our server, on both
 * HTTP adapters, under `/eureka/apps/` and once under `/eureka/v2/apps/`.
 *
 * Every wait is event-based and bounded; every client is stopped and every server closed after
 * each test.
 */
import { EventEmitter } from 'node:events';
import { ADAPTERS, AdapterName, RunningServer, startServer } from './support/start-server';
import { http } from './support/http-client';

// ---- the client, typed just as far as this test needs (the package ships no typings) ----------

interface JsClientInstance {
  instanceId?: string;
  hostName: string;
  app: string;
  ipAddr: string;
  status: string;
  vipAddress: string;
  port: { $: number | string; '@enabled': boolean | string };
}

interface EurekaJsClient extends EventEmitter {
  start(callback?: (error?: Error | null) => void): void;
  stop(callback?: (error?: Error | null) => void): void;
  getInstancesByAppId(appId: string): JsClientInstance[];
  getInstancesByVipAddress(vipAddress: string): JsClientInstance[];
  /** Internal interval handles; cleared directly during cleanup as a safety net. */
  heartbeat?: NodeJS.Timeout;
  registryFetch?: NodeJS.Timeout;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Eureka } = require('eureka-js-client') as { Eureka: new (config: object) => EurekaJsClient };

// ---- constants --------------------------------------------------------------------------------

const APP = 'JS-DEMO';
const VIP = 'js-demo.vip';
const HEARTBEAT_MS = 250;
const FETCH_MS = 250;
const WAIT_MS = 5000;
const DEFAULT_DATA_CENTER = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };

jest.setTimeout(30_000);

// ---- helpers ----------------------------------------------------------------------------------

interface TrackedClient {
  client: EurekaJsClient;
  name: string;
  logs: string[];
  stopped: boolean;
}

/** A logger that prints nothing but keeps warnings/errors for failure messages. */
function silentLogger(logs: string[]) {
  const keep =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push(`[${level}] ${args.map((a) => (a instanceof Error ? a.stack ?? a.message : String(a))).join(' ')}`);
  return { debug: () => undefined, info: () => undefined, warn: keep('warn'), error: keep('error') };
}

function describeLogs(tracked: TrackedClient): string {
  return tracked.logs.length ? `\nclient "${tracked.name}" log:\n  ${tracked.logs.slice(-20).join('\n  ')}` : '';
}

/** Resolves on the next `event` of the client; rejects after `timeoutMs`. */
function nextEvent(tracked: TrackedClient, event: string, timeoutMs = WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const onEvent = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      tracked.client.removeListener(event, onEvent);
      reject(new Error(`client "${tracked.name}": no "${event}" event within ${timeoutMs} ms${describeLogs(tracked)}`));
    }, timeoutMs);
    tracked.client.once(event, onEvent);
  });
}

/** Calls a callback-style client method; rejects on error or after `timeoutMs`. */
function callWithTimeout(
  tracked: TrackedClient,
  what: 'start' | 'stop',
  timeoutMs = WAIT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`client "${tracked.name}": ${what}() did not complete within ${timeoutMs} ms${describeLogs(tracked)}`)),
      timeoutMs,
    );
    tracked.client[what]((error) => {
      clearTimeout(timer);
      if (error) reject(new Error(`client "${tracked.name}": ${what}() failed: ${error.message}${describeLogs(tracked)}`));
      else resolve();
    });
  });
}

/** Waits for `event`s until `predicate` holds; rejects with `describe()` after `timeoutMs`. */
async function untilAfterEvents(
  tracked: TrackedClient,
  event: string,
  predicate: () => boolean,
  describe: () => string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`condition not met within ${timeoutMs} ms: ${describe()}${describeLogs(tracked)}`);
    await nextEvent(tracked, event, left).catch(() => undefined);
  }
}

function parseJson(text: string, what: string): any {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: body is not JSON: ${text.slice(0, 500)}`);
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

// ---- the suite --------------------------------------------------------------------------------

describe.each(ADAPTERS)('eureka-js-client against our server (%s)', (adapter: AdapterName) => {
  let server: RunningServer | undefined;
  let clients: TrackedClient[] = [];

  beforeEach(async () => {
    server = await startServer(adapter);
  });

  afterEach(async () => {
    // Stop the clients first (their intervals would otherwise keep calling a closed server).
    for (const tracked of clients) {
      clearInterval(tracked.client.heartbeat);
      clearInterval(tracked.client.registryFetch);
      if (!tracked.stopped) {
        tracked.stopped = true;
        await callWithTimeout(tracked, 'stop', 2000).catch(() => undefined);
      }
    }
    clients = [];
    await server?.close();
    server = undefined;
  });

  function port(): number {
    return Number(new URL(server!.baseUrl).port);
  }

  function newClient(
    name: string,
    options: { servicePath?: string; register: boolean; fetch: boolean; instanceId?: string; hostName?: string },
  ): TrackedClient {
    const logs: string[] = [];
    const instance = options.register
      ? {
          instanceId: options.instanceId,
          app: APP,
          hostName: options.hostName,
          ipAddr: '127.0.0.1',
          port: { $: 8080, '@enabled': true },
          vipAddress: VIP,
          dataCenterInfo: { ...DEFAULT_DATA_CENTER },
        }
      : {};
    const client = new Eureka({
      logger: silentLogger(logs),
      // Never pick up a stray eureka-client.yml from the working directory.
      filename: '__nest_eureka_e2e_no_such_config__',
      instance,
      eureka: {
        host: '127.0.0.1',
        port: port(),
        servicePath: options.servicePath ?? '/eureka/apps/',
        preferIpAddress: false,
        maxRetries: 1,
        requestRetryDelay: 50,
        heartbeatInterval: HEARTBEAT_MS,
        registryFetchInterval: FETCH_MS,
        registerWithEureka: options.register,
        fetchRegistry: options.fetch,
      },
    });
    const tracked: TrackedClient = { client, name, logs, stopped: false };
    clients.push(tracked);
    return tracked;
  }

  /** Starts a registering client and checks the `registered` event fired. */
  async function startRegistering(name: string, id: string, servicePath?: string): Promise<TrackedClient> {
    const tracked = newClient(name, { servicePath, register: true, fetch: false, instanceId: id, hostName: `${id}.local` });
    const registered = nextEvent(tracked, 'registered');
    await callWithTimeout(tracked, 'start');
    await registered;
    return tracked;
  }

  /** Starts a fetch-only client and waits for its first `registryUpdated`. */
  async function startFetching(name: string, servicePath?: string): Promise<TrackedClient> {
    const tracked = newClient(name, { servicePath, register: false, fetch: true });
    const updated = nextEvent(tracked, 'registryUpdated');
    await callWithTimeout(tracked, 'start');
    await updated;
    return tracked;
  }

  async function getAppJson(path = '/eureka/apps/') {
    const res = await http('GET', `${server!.baseUrl}${path}${APP}`, { headers: { Accept: 'application/json' } });
    return res;
  }

  async function stopClient(tracked: TrackedClient): Promise<void> {
    const deregistered = nextEvent(tracked, 'deregistered');
    tracked.stopped = true;
    await callWithTimeout(tracked, 'stop');
    await deregistered;
  }

  it('registers two instances of JS-DEMO; both appear in GET /eureka/apps/JS-DEMO (JSON)', async () => {
    await startRegistering('a', 'js-demo-a');
    await startRegistering('b', 'js-demo-b');

    const res = await getAppJson();
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = parseJson(res.text, 'GET /eureka/apps/JS-DEMO');
    expect(body.application.name).toBe(APP);
    const instances = asArray<any>(body.application.instance);
    expect(instances.map((i) => i.instanceId).sort()).toEqual(['js-demo-a', 'js-demo-b']);
    for (const inst of instances) {
      expect(inst).toMatchObject({
        app: APP,
        hostName: `${inst.instanceId}.local`,
        ipAddr: '127.0.0.1',
        status: 'UP',
        vipAddress: VIP,
        dataCenterInfo: { name: 'MyOwn' },
      });
      expect(Number(inst.port.$)).toBe(8080);
      expect(String(inst.port['@enabled'])).toBe('true');
    }
    // The registry holds them as well.
    expect(server!.registry.getVisibleLease(APP, 'js-demo-a')).toBeDefined();
    expect(server!.registry.getVisibleLease(APP, 'js-demo-b')).toBeDefined();
  });

  it('heartbeats (PUT) renew the leases', async () => {
    const a = await startRegistering('a', 'js-demo-a');
    const b = await startRegistering('b', 'js-demo-b');

    for (const [tracked, id] of [
      [a, 'js-demo-a'],
      [b, 'js-demo-b'],
    ] as const) {
      const before = server!.registry.getVisibleLease(APP, id)?.lastUpdateTimestamp;
      expect(before).toBeDefined();
      const renewalsBefore = server!.registry.renewals.meter.total;
      await nextEvent(tracked, 'heartbeat', HEARTBEAT_MS * 10);
      const after = server!.registry.getVisibleLease(APP, id)?.lastUpdateTimestamp;
      expect(after).toBeDefined();
      expect(after!).toBeGreaterThan(before!);
      // Renewals are counted.
      expect(server!.registry.renewals.meter.total).toBeGreaterThan(renewalsBefore);
    }
  });

  it('a fetching client finds both instances by app id and by VIP address', async () => {
    await startRegistering('a', 'js-demo-a');
    await startRegistering('b', 'js-demo-b');
    const fetcher = await startFetching('fetcher');

    const ids = (list: JsClientInstance[]) => list.map((i) => i.instanceId).sort();
    await untilAfterEvents(
      fetcher,
      'registryUpdated',
      () => fetcher.client.getInstancesByAppId(APP).length === 2,
      () => `getInstancesByAppId(${APP}) = ${JSON.stringify(ids(fetcher.client.getInstancesByAppId(APP)))}`,
    );
    expect(ids(fetcher.client.getInstancesByAppId(APP))).toEqual(['js-demo-a', 'js-demo-b']);
    // The client's lookup by app id is case-insensitive on its side.
    expect(ids(fetcher.client.getInstancesByAppId('js-demo'))).toEqual(['js-demo-a', 'js-demo-b']);
    expect(ids(fetcher.client.getInstancesByVipAddress(VIP))).toEqual(['js-demo-a', 'js-demo-b']);
    for (const inst of fetcher.client.getInstancesByVipAddress(VIP)) {
      expect(inst).toMatchObject({ app: APP, status: 'UP', ipAddr: '127.0.0.1', vipAddress: VIP });
    }
  });

  it('stop() deregisters (DELETE): the instance leaves the registry and the fetched view', async () => {
    const a = await startRegistering('a', 'js-demo-a');
    const b = await startRegistering('b', 'js-demo-b');
    const fetcher = await startFetching('fetcher');
    await untilAfterEvents(
      fetcher,
      'registryUpdated',
      () => fetcher.client.getInstancesByAppId(APP).length === 2,
      () => `fetched ${fetcher.client.getInstancesByAppId(APP).length} instances, want 2`,
    );

    await stopClient(a);
    expect(server!.registry.getVisibleLease(APP, 'js-demo-a')).toBeUndefined();
    expect(server!.registry.getVisibleLease(APP, 'js-demo-b')).toBeDefined();
    const single = await http('GET', `${server!.eureka}/apps/${APP}/js-demo-a`, { headers: { Accept: 'application/json' } });
    expect(single.status).toBe(404);
    const res = await getAppJson();
    expect(res.status).toBe(200);
    expect(asArray<any>(parseJson(res.text, 'GET app').application.instance).map((i) => i.instanceId)).toEqual(['js-demo-b']);
    await untilAfterEvents(
      fetcher,
      'registryUpdated',
      () => fetcher.client.getInstancesByAppId(APP).map((i) => i.instanceId).join() === 'js-demo-b',
      () => `fetched ${JSON.stringify(fetcher.client.getInstancesByAppId(APP).map((i) => i.instanceId))}, want ["js-demo-b"]`,
    );

    await stopClient(b);
    expect(server!.registry.getVisibleLease(APP, 'js-demo-b')).toBeUndefined();
    // An application whose last instance was cancelled is gone (404).
    expect((await getAppJson()).status).toBe(404);
  });

  it('the same lifecycle works with servicePath /eureka/v2/apps/', async () => {
    const path = '/eureka/v2/apps/';
    const a = await startRegistering('v2-a', 'js-demo-v2-a', path);
    await startRegistering('v2-b', 'js-demo-v2-b', path);

    const res = await getAppJson(path);
    expect(res.status).toBe(200);
    const ids = asArray<any>(parseJson(res.text, 'GET /eureka/v2/apps/JS-DEMO').application.instance)
      .map((i) => i.instanceId)
      .sort();
    expect(ids).toEqual(['js-demo-v2-a', 'js-demo-v2-b']);

    const before = server!.registry.getVisibleLease(APP, 'js-demo-v2-a')!.lastUpdateTimestamp;
    await nextEvent(a, 'heartbeat', HEARTBEAT_MS * 10);
    expect(server!.registry.getVisibleLease(APP, 'js-demo-v2-a')!.lastUpdateTimestamp).toBeGreaterThan(before);

    const fetcher = await startFetching('v2-fetcher', path);
    await untilAfterEvents(
      fetcher,
      'registryUpdated',
      () => fetcher.client.getInstancesByVipAddress(VIP).length === 2,
      () => `VIP lookup found ${fetcher.client.getInstancesByVipAddress(VIP).length} instances, want 2`,
    );
    expect(fetcher.client.getInstancesByAppId(APP).map((i) => i.instanceId).sort()).toEqual(['js-demo-v2-a', 'js-demo-v2-b']);

    await stopClient(a);
    expect(server!.registry.getVisibleLease(APP, 'js-demo-v2-a')).toBeUndefined();
    expect(server!.registry.getVisibleLease(APP, 'js-demo-v2-b')).toBeDefined();
  });
});
