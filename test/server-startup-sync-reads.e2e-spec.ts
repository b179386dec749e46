/**
 * A node that starts (or restarts) with peers copies their registry first. Until that sync has
 * finished, its registry reads answer 403 (as the reference's do while it withholds its registry),
 * so clients move on to another server instead of taking a partial registry for the whole one.
 */
import { ServerResponse } from 'node:http';
import { encodeApplicationsJson } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { http } from './support/http-client';
import { pollUntil } from './support/processes';
import { StubServer, startStubServer } from './support/stub-server';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

// A bound for the whole test on a loaded machine; the waits inside have their own bounds.
jest.setTimeout(60_000);

const JSON_ACCEPT = { Accept: 'application/json' };

describe.each(ADAPTERS)('registry reads during the start-up sync (%s)', (adapter) => {
  let peer: StubServer;
  let server: RunningServer | undefined;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    peer = await startStubServer(async (req, res: ServerResponse) => {
      if (req.method !== 'GET' || !req.url.startsWith('/eureka/apps')) return res.writeHead(404).end();
      await held; // the peer answers the sync only when the test says so
      const doc = encodeApplicationsJson({
        versionDelta: '1',
        appsHashCode: 'UP_1_',
        applications: [{ name: 'ORDERS', instances: [sampleInstance({ instanceId: 'orders-1', hostName: 'orders-1' })] }],
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
    });
    server = await startServer(adapter, { peerEurekaNodeUrls: `${peer.url}/eureka/`, peerNodeReadTimeoutMs: 120_000 });
  });

  afterAll(async () => {
    release();
    await server?.close();
    await peer?.close();
  });

  it('answers 403 to every registry read until the sync is done, then serves what it copied', async () => {
    await pollUntil('the start-up sync to ask the peer', () => peer.requests.some((r) => r.url.startsWith('/eureka/apps')), 60_000);
    const eureka = server!.eureka;
    const reads = ['apps', 'apps/', 'apps/delta', 'apps/ORDERS', 'vips/orders', 'svips/orders'];
    const during = await Promise.all(reads.map(async (path) => [path, (await http('GET', `${eureka}/${path}`, { headers: JSON_ACCEPT })).status] as const));
    expect(Object.fromEntries(during)).toEqual(Object.fromEntries(reads.map((path) => [path, 403])));
    // Writes are taken meanwhile (a client registering with this node is not turned away).
    expect(server!.registry.startedAt).toBe(0);

    release();
    const { value } = await pollUntil('reads to open after the sync', async () => {
      const res = await http('GET', `${eureka}/apps/ORDERS`, { headers: JSON_ACCEPT });
      return res.status === 200 ? JSON.parse(res.text) : undefined;
    }, 60_000);
    expect(value.application.instance[0].instanceId).toBe('orders-1');
    expect(server!.registry.startedAt).toBeGreaterThan(0);
  });
});
