/**
 * Clients that put their credentials in the service URL, against a server with authentication
 * on: ours (`EurekaClientModule`) and the third-party `eureka-js-client`, on both adapters.
 */
import { EventEmitter } from 'node:events';
import { http } from './support/http-client';
import { RunningClient, startClient, waitFor } from './support/start-client';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

const FAST = {
  leaseRenewalIntervalInSeconds: 0.2,
  registryFetchIntervalSeconds: 0.2,
  eurekaServerConnectTimeoutSeconds: 1,
  eurekaServerReadTimeoutSeconds: 2,
};
const AUTH = {
  users: [
    { username: 'app', password: 'app:pass/with@specials', roles: ['read', 'write'] as const },
    { username: 'reader', password: 'reader-pass', roles: ['read'] as const },
  ],
};
const ADMIN = { authorization: `Basic ${Buffer.from('app:app:pass/with@specials').toString('base64')}` };

interface JsClient extends EventEmitter {
  start(cb: (error?: Error | null) => void): void;
  stop(cb: (error?: Error | null) => void): void;
  getInstancesByAppId(appId: string): Array<{ app: string }>;
  heartbeat?: NodeJS.Timeout;
  registryFetch?: NodeJS.Timeout;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Eureka } = require('eureka-js-client') as { Eureka: new (config: object) => JsClient };

/** `http://user:pass@host:port/eureka/`, user and password percent-encoded as URLs require. */
function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function registered(server: RunningServer, app: string): Promise<boolean> {
  const res = await http('GET', `${server.eureka}/apps/${app}`, { headers: { ...ADMIN, accept: 'application/json' } });
  return res.status === 200;
}

describe.each(ADAPTERS)('clients with credentials in the service URL, server on %s', (adapter) => {
  let server: RunningServer;
  const clients: RunningClient[] = [];

  beforeEach(async () => {
    server = await startServer(adapter, { auth: AUTH as never });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => undefined);
    await server.close();
  });

  it('EurekaClientModule registers, renews, fetches and deregisters', async () => {
    const serviceUrl = withCredentials(`${server.eureka}/`, 'app', 'app:pass/with@specials');
    const client = await startClient('fastify', { ...FAST, appName: 'secured', serviceUrl });
    clients.push(client);
    await waitFor(() => registered(server, 'SECURED'), 5000, 'SECURED registered');
    await waitFor(() => client.discovery.getInstancesByAppId('SECURED').length === 1, 5000, 'the client to see itself');
    const lease = server.registry.getVisibleLease('SECURED', [...server.registry.leasesOf('SECURED')!.keys()][0])!;
    const renewedBefore = lease.lastUpdateTimestamp;
    await waitFor(() => lease.lastUpdateTimestamp > renewedBefore, 5000, 'a heartbeat');
    await clients.pop()!.close();
    expect(await registered(server, 'SECURED')).toBe(false);
  });

  it('EurekaClientModule with read-only credentials fetches; with a wrong password it is refused', async () => {
    await http('POST', `${server.eureka}/apps/OTHER`, {
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ instance: { instanceId: 'o-1', hostName: 'o', app: 'OTHER', ipAddr: '10.0.0.1', status: 'UP', dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' } } }),
    });
    const reader = await startClient('express', { ...FAST, appName: 'viewer', registerWithEureka: false, serviceUrl: withCredentials(`${server.eureka}/`, 'reader', 'reader-pass') }, { enableDiscovery: false });
    clients.push(reader);
    await waitFor(() => reader.discovery.getInstancesByAppId('OTHER').length === 1, 5000, 'the reader to fetch OTHER');

    const wrong = await startClient('fastify', { ...FAST, appName: 'intruder', serviceUrl: withCredentials(`${server.eureka}/`, 'app', 'wrong') });
    clients.push(wrong);
    await new Promise((r) => setTimeout(r, 600)); // three heartbeat and fetch intervals
    expect(await registered(server, 'INTRUDER')).toBe(false);
    expect(wrong.discovery.getInstancesByAppId('OTHER')).toEqual([]);
  });

  it('eureka-js-client registers and fetches; a wrong password fails its start', async () => {
    const port = Number(new URL(server.baseUrl).port);
    const make = (password: string, app: string) =>
      new Eureka({
        logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
        filename: '__nest_eureka_e2e_no_such_config__',
        instance: { app, hostName: 'js.test', ipAddr: '127.0.0.1', port: { $: 8080, '@enabled': true }, vipAddress: app.toLowerCase(), dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' } },
        eureka: {
          serviceUrls: { default: [withCredentials(`http://127.0.0.1:${port}/eureka/apps/`, 'app', password)] },
          maxRetries: 0,
          heartbeatInterval: 200,
          registryFetchInterval: 200,
        },
      });
    const stop = (c: JsClient) => {
      clearInterval(c.heartbeat);
      clearInterval(c.registryFetch);
      return new Promise<void>((r) => c.stop(() => r()));
    };
    const good = make('app:pass/with@specials', 'JS-SECURED');
    try {
      await new Promise<void>((resolve, reject) => good.start((e) => (e ? reject(e) : resolve())));
      expect(await registered(server, 'JS-SECURED')).toBe(true);
      await waitFor(() => good.getInstancesByAppId('JS-SECURED').length === 1, 5000, 'eureka-js-client to fetch itself');
    } finally {
      await stop(good);
    }
    const bad = make('wrong', 'JS-INTRUDER');
    try {
      const error = await new Promise<Error | null | undefined>((resolve) => bad.start((e) => resolve(e)));
      expect(error).toBeTruthy();
      expect(await registered(server, 'JS-INTRUDER')).toBe(false);
    } finally {
      await stop(bad);
    }
  });
});
