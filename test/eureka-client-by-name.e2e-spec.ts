import { Logger } from '@nestjs/common';
import { AxiosError } from 'axios';
import { DiscoveryApp, startDiscoveryApp } from './support/discovery-app';
import { NoAvailableInstanceError } from '@nest-eureka/client';
import { StubServer, closedPortUrl, startStubServer } from './support/stub-server';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { RunningServer, startServer } from './support/start-server';

/** Our client against OUR server: registry fetch (full + delta) and calls by application name. */
describe('eureka client against our server: calls by application name and deltas', () => {
  let server: RunningServer;
  let client: DiscoveryApp | undefined;
  const targets: StubServer[] = [];

  async function target(name: string): Promise<StubServer> {
    const stub = await startStubServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name, path: req.url }));
    });
    targets.push(stub);
    return stub;
  }

  /** Registers `id` of TARGET at 127.0.0.1:port with plain HTTP, as a Java client would. */
  async function register(id: string, port: number, status = 'UP'): Promise<void> {
    const body = JSON.parse(jsonRegistration({ app: 'TARGET', id, status, ip: '127.0.0.1' }));
    body.instance.hostName = '127.0.0.1';
    body.instance.port = { $: port, '@enabled': 'true' };
    const res = await http('POST', `${server.eureka}/apps/TARGET`, { headers: JSON_HEADERS, body: JSON.stringify(body) });
    expect(res.status).toBe(204);
  }

  const portOf = (url: string) => Number(new URL(url).port);

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation();
    server = await startServer('fastify');
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
    await Promise.all(targets.splice(0).map((t) => t.close()));
    jest.restoreAllMocks();
  });

  it('reaches registered instances by name, spreading calls round robin', async () => {
    const a = await target('a');
    const b = await target('b');
    await register('target-a', portOf(a.url));
    await register('target-b', portOf(b.url));
    client = await startDiscoveryApp({ serviceUrl: `${server.eureka}/` });
    expect(client.client.getInstancesByAppId('target')).toHaveLength(2);

    const names: string[] = [];
    for (let i = 0; i < 6; i++) names.push((await client.http.get<{ name: string; path: string }>('http://TARGET/hello')).data.name);
    expect(names.filter((n) => n === 'a')).toHaveLength(3);
    expect(names.filter((n) => n === 'b')).toHaveLength(3);
    expect(names[0]).not.toBe(names[1]);
    expect(a.requests[0].url).toBe('/hello');
    expect((await client.http.get<{ name: string }>('http://target/hello')).status).toBe(200);
  });

  it('skips a dead instance (closed port) by retrying the next one', async () => {
    const live = await target('live');
    await register('target-dead', portOf(await closedPortUrl()));
    await register('target-live', portOf(live.url));
    client = await startDiscoveryApp({ serviceUrl: `${server.eureka}/` });
    for (let i = 0; i < 4; i++) {
      expect((await client.http.get<{ name: string }>('http://TARGET/hello', { timeout: 2000 })).data.name).toBe('live');
    }
    expect(live.requests).toHaveLength(4);
  });

  it('follows registrations, status changes and cancels through deltas', async () => {
    const a = await target('a');
    const b = await target('b');
    await register('target-a', portOf(a.url));
    client = await startDiscoveryApp({ serviceUrl: `${server.eureka}/` });
    const { fetcher, client: discovery } = client;
    const events: string[][] = [];
    discovery.applicationsChanged$.subscribe((e) => events.push(e.apps));

    await register('target-b', portOf(b.url));
    await fetcher.refresh();
    expect([fetcher.fullFetchCount, fetcher.deltaFetchCount]).toEqual([1, 1]);
    expect(discovery.getInstancesByAppId('TARGET').map((i) => i.instanceId).sort()).toEqual(['target-a', 'target-b']);

    const oos = await http('PUT', `${server.eureka}/apps/TARGET/target-a/status?value=OUT_OF_SERVICE`);
    expect(oos.status).toBe(200);
    await fetcher.refresh();
    expect(discovery.getInstancesByAppId('TARGET').map((i) => i.instanceId)).toEqual(['target-b']);
    expect(discovery.getInstance('target-a')?.status).toBe('OUT_OF_SERVICE');
    for (let i = 0; i < 3; i++) expect((await client.http.get<{ name: string }>('http://TARGET/')).data.name).toBe('b');

    expect((await http('DELETE', `${server.eureka}/apps/TARGET/target-b`)).status).toBe(200);
    await fetcher.refresh();
    expect(discovery.getInstance('target-b')).toBeUndefined();
    expect([fetcher.fullFetchCount, fetcher.deltaFetchCount]).toEqual([1, 3]);
    expect(events).toEqual([['TARGET'], ['TARGET'], ['TARGET']]);

    const error = await client.http.get('http://TARGET/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAvailableInstanceError);
    expect((error as Error).message).toContain('TARGET');
  });

  it('passes other URLs through and does not retry HTTP errors', async () => {
    const plain = await startStubServer((_req, res) => res.writeHead(502).end());
    targets.push(plain);
    client = await startDiscoveryApp({ serviceUrl: `${server.eureka}/` });
    const error = (await client.http.get(`${plain.url}/x`).catch((e: unknown) => e)) as AxiosError;
    expect(error.response?.status).toBe(502);
    expect(plain.requests).toHaveLength(1);
  });
});
