import { getEventListeners } from 'node:events';
import { Test } from '@nestjs/testing';
import { AxiosError } from 'axios';
import { Applications, InstanceInfo } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { ApplicationsChangedNotifier } from '../discovery/applications-changed.notifier';
import { DiscoveryClient } from '../discovery/discovery-client';
import { RegistryCache } from '../discovery/registry-cache';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { StubServer, closedPortUrl, startStubServer } from '../../../../test/support/stub-server';
import { DEFAULT_EUREKA_HTTP_TIMEOUT_MS, EurekaHttpService } from './eureka-http.service';
import { NoAvailableInstanceError } from './no-available-instance.error';

const portOf = (url: string) => Number(new URL(url).port);
const at = (id: string, port: number, extra: Partial<InstanceInfo> = {}) =>
  sampleInstance({ app: 'TARGET', instanceId: id, hostName: '127.0.0.1', port: { port, enabled: true }, ...extra });

describe('EurekaHttpService', () => {
  const stubs: StubServer[] = [];
  let service: EurekaHttpService;
  let cache: RegistryCache;
  let close: () => Promise<void>;

  async function target(name: string, status = 200): Promise<StubServer> {
    const stub = await startStubServer((req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name, path: req.url, method: req.method, body: req.body }));
    });
    stubs.push(stub);
    return stub;
  }

  function registry(instances: InstanceInfo[]): void {
    const doc: Applications = { versionDelta: '1', appsHashCode: '', applications: [{ name: 'TARGET', instances }] };
    cache.replace(doc);
  }

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: EUREKA_CLIENT_OPTIONS, useValue: { filterOnlyUpInstances: true, metadataMap: {}, availabilityZones: {}, region: 'r' } },
        RegistryCache,
        ApplicationsChangedNotifier,
        DiscoveryClient,
        EurekaHttpService,
      ],
    }).compile();
    service = moduleRef.get(EurekaHttpService);
    cache = moduleRef.get(RegistryCache);
    close = () => moduleRef.close();
  });

  afterEach(async () => {
    await close();
    await Promise.all(stubs.splice(0).map((s) => s.close()));
  });

  it('resolves the application host to instances, round robin, keeping path, query, method and body', async () => {
    const a = await target('a');
    const b = await target('b');
    registry([at('a', portOf(a.url)), at('b', portOf(b.url)), at('down', 1, { status: 'DOWN' })]);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push((await service.get<{ name: string }>('http://target/hello?x=1')).data.name);
    expect(names).toEqual(['a', 'b', 'a', 'b']);
    expect(a.requests[0].url).toBe('/hello?x=1');
    const posted = await service.post<{ method: string; body: string }>('http://Target/orders', { n: 1 });
    expect(posted.data).toMatchObject({ method: 'POST', body: '{"n":1}' });
    const viaBase = await service.put<{ path: string }>('items/7', undefined, { baseURL: 'http://TARGET/api/' });
    expect(viaBase.data.path).toBe('/api/items/7');
    expect((await service.delete('http://TARGET/x')).status).toBe(200);
  });

  it('skips an instance that refuses connections', async () => {
    const live = await target('live');
    registry([at('dead', portOf(await closedPortUrl())), at('live', portOf(live.url))]);
    for (let i = 0; i < 4; i++) expect((await service.get<{ name: string }>('http://TARGET/')).data.name).toBe('live');
  });

  it('gives up after min(instances, 3) connection failures with the last error', async () => {
    const dead = await Promise.all([1, 2, 3, 4].map(async () => portOf(await closedPortUrl())));
    registry(dead.map((port, i) => at(`d${i}`, port)));
    const sent = jest.spyOn(service.axiosRef, 'request');
    const error = (await service.get('http://TARGET/').catch((e: unknown) => e)) as AxiosError;
    expect(error.code).toBe('ECONNREFUSED');
    expect(sent).toHaveBeenCalledTimes(3);
    expect(new Set(sent.mock.calls.map(([config]) => config.url)).size).toBe(3);
    sent.mockRestore();
  });

  it('does not retry HTTP error statuses', async () => {
    const failing = await target('failing', 503);
    const other = await target('other');
    registry([at('failing', portOf(failing.url)), at('other', portOf(other.url))]);
    const error = (await service.get('http://TARGET/').catch((e: unknown) => e)) as AxiosError;
    expect(error.response?.status).toBe(503);
    expect(other.requests).toHaveLength(0);
  });

  it('times out a silent instance per attempt and moves on', async () => {
    const silent = await startStubServer(() => undefined);
    stubs.push(silent);
    const live = await target('live');
    registry([at('silent', portOf(silent.url)), at('live', portOf(live.url))]);
    const started = Date.now();
    const res = await service.get<{ name: string }>('http://TARGET/', { timeout: 1000 });
    expect(res.data.name).toBe('live');
    // The silent attempt ended at its own 1 s, well before the 10 s default would have.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeLessThan(DEFAULT_EUREKA_HTTP_TIMEOUT_MS - 1000);
  });

  it("follows the caller's signal and leaves nothing registered on it", async () => {
    const live = await target('live');
    registry([at('live', portOf(live.url))]);
    const lifelong = new AbortController();
    for (let i = 0; i < 20; i++) await service.get('http://TARGET/', { signal: lifelong.signal });
    expect(getEventListeners(lifelong.signal, 'abort')).toHaveLength(0);

    const silent = await startStubServer(() => undefined);
    stubs.push(silent);
    registry([at('silent', portOf(silent.url))]);
    const caller = new AbortController();
    const pending = service.get('http://TARGET/', { signal: caller.signal, timeout: 30_000 }).catch((e: unknown) => e);
    setTimeout(() => caller.abort(), 50);
    const error = (await pending) as AxiosError;
    expect(error.code).toBe('ERR_CANCELED');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('fails with an error naming the app when no instance is UP', async () => {
    registry([at('down', 1, { status: 'DOWN' })]);
    const error = await service.get('http://target/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAvailableInstanceError);
    expect((error as NoAvailableInstanceError).message).toContain('TARGET');
  });

  it('sends URLs whose host is not an application unchanged', async () => {
    const direct = await target('direct');
    registry([]);
    const res = await service.get<{ name: string; path: string }>(`${direct.url}/plain`);
    expect(res.data).toMatchObject({ name: 'direct', path: '/plain' });
  });
});
