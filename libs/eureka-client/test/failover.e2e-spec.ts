import { Logger } from '@nestjs/common';
import { encodeApplicationsJson } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { DiscoveryApp, startDiscoveryApp } from '../src/testing/discovery-app.testing';
import { EurekaRequestError } from '../src/transport/eureka-transport';
import { StubServer, closedPortUrl, startStubServer } from '../../../test/support/stub-server';

const REGISTRY = encodeApplicationsJson({
  versionDelta: '1',
  appsHashCode: 'UP_1_',
  applications: [{ name: 'ORDERS', instances: [sampleInstance({ instanceId: 'o-1', hostName: 'orders-1' })] }],
});
const READ_TIMEOUT_S = 2;
const withCredentials = (url: string, user: string, password: string) => url.replace('http://', `http://${user}:${password}@`);

describe('eureka client failover between service URLs', () => {
  let live: StubServer;
  let client: DiscoveryApp | undefined;
  let logs: jest.SpyInstance[];

  beforeEach(async () => {
    live = await startStubServer((req, res) => {
      if (req.method === 'GET') res.writeHead(200, { 'Content-Type': 'application/json' }).end(REGISTRY);
      else res.writeHead(req.method === 'POST' ? 204 : 200).end();
    });
    logs = (['log', 'warn', 'debug', 'error'] as const).map((level) => jest.spyOn(Logger.prototype, level).mockImplementation());
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await live.close();
    jest.restoreAllMocks();
  });

  const logged = () => JSON.stringify(logs.map((spy) => spy.mock.calls));

  it('skips a closed first server within one request timeout and quarantines it', async () => {
    const dead = `${await closedPortUrl()}/eureka/`;
    const started = Date.now();
    client = await startDiscoveryApp({ serviceUrl: `${dead},${live.url}/eureka/`, eurekaServerReadTimeoutSeconds: READ_TIMEOUT_S });
    expect(Date.now() - started).toBeLessThan(READ_TIMEOUT_S * 1000);
    expect(client.fetcher.fullFetchCount).toBe(1);
    expect(client.client.getInstancesByAppId('orders')).toHaveLength(1);
    expect(client.transport.currentServer).toBe(`${live.url}/eureka/`);
    expect(client.transport.quarantine.quarantined()).toEqual([dead]);

    // The quarantined server is not tried again while quarantined: every call goes straight to the live one.
    const before = live.requests.length;
    await client.fetcher.refresh();
    await client.transport.sendHeartbeat('ME', 'me-1', 'UP', 1);
    await client.transport.register(sampleInstance({ app: 'ME', instanceId: 'me-1' }));
    await client.transport.cancel('ME', 'me-1');
    expect(live.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PUT', 'POST', 'DELETE']);
  });

  it('sends URL credentials as Basic auth and never shows them in errors or logs', async () => {
    const deadRaw = `${await closedPortUrl()}/eureka/`;
    const dead = withCredentials(deadRaw, 'carol', 'dead-pass');
    const good = withCredentials(`${live.url}/eureka/`, 'alice', 's3cr3t-pw');
    client = await startDiscoveryApp({ serviceUrl: `${dead},${good}` });
    expect(live.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cr3t-pw').toString('base64')}`);
    expect(client.transport.currentServer).toBe(`${live.url}/eureka/`);

    // Now every server fails. The dead one is still quarantined, so only the live one is tried...
    live.handler = (_req, res) => res.writeHead(500).end();
    const first = (await client.fetcher.refresh().catch((e: unknown) => e)) as EurekaRequestError;
    expect(first).toBeInstanceOf(EurekaRequestError);
    expect(first.server).toBe(`${live.url}/eureka/`);
    expect(first.status).toBe(500);
    // ...then both are quarantined, the quarantine is cleared and both are tried, in order.
    const error = (await client.fetcher.refresh().catch((e: unknown) => e)) as EurekaRequestError;
    expect(error.server).toBe(`${deadRaw}, ${live.url}/eureka/`);
    const shown = [error.message, error.server, error.stack, client.fetcher.lastError?.message, logged(), client.transport.currentServer].join('\n');
    expect(shown).not.toMatch(/s3cr3t-pw|dead-pass|alice|carol/);
    expect(logged()).toContain(deadRaw);
  });

  it('fails with an EurekaRequestError naming the operation when no server answers', async () => {
    const dead = `${await closedPortUrl()}/eureka/`;
    client = await startDiscoveryApp({ serviceUrl: dead });
    expect(client.fetcher.fetchCount).toBe(0);
    expect(client.fetcher.lastError).toBeInstanceOf(EurekaRequestError);
    expect(client.fetcher.lastError?.message).toMatch(/^eureka fetch registry at http:\/\/127\.0\.0\.1:\d+\/eureka\/: .*ECONNREFUSED/);
    await expect(client.transport.sendHeartbeat('ME', 'x', 'UP', 1)).rejects.toThrow(/eureka heartbeat at/);
  });
});
