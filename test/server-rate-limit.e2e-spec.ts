import { http, HttpResponse } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

/**
 * The registry-fetch rate limiter (`rateLimiter*` options) over real HTTP, on both adapters. The
 * server runs on a manual clock, so the buckets only refill when a test moves time on.
 */
const NAME = 'DiscoveryIdentity-Name';
const REFILL_MS = 3_600_000;

async function register(server: RunningServer): Promise<void> {
  const res = await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
  expect(res.status).toBe(204);
}

function get(server: RunningServer, path: string, name?: string, prefix = server.eureka): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (name !== undefined) headers[NAME] = name;
  return http('GET', `${prefix}/${path}`, { headers });
}

/** Statuses of `n` sequential GETs. */
async function statuses(server: RunningServer, path: string, n: number, name?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await get(server, path, name)).status);
  return out;
}

describe.each(ADAPTERS)('fetch rate limiting on %s', (adapter) => {
  describe('off by default', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(adapter);
      await register(server);
    });
    afterAll(() => server.close());

    it('serves any number of fetches from an unnamed client', async () => {
      const all = [...(await statuses(server, 'apps', 30)), ...(await statuses(server, 'apps/delta', 15)), ...(await statuses(server, 'apps/ORDERS', 15))];
      expect(new Set(all)).toEqual(new Set([200]));
    });
  });

  describe('rateLimiterEnabled, burst 3, 1 fetch per second', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(
        adapter,
        {
          rateLimiterEnabled: true,
          rateLimiterBurstSize: 3,
          rateLimiterRegistryFetchAverageRate: 1,
          rateLimiterFullFetchAverageRate: 1,
          rateLimiterPrivilegedClients: 'PythonClient, GoClient',
        },
        { manualClock: true },
      );
      await register(server);
    });
    afterAll(() => server.close());
    beforeEach(() => server.clock!.advance(REFILL_MS));

    it('lets a burst through, then answers an empty 503 until a token comes back', async () => {
      expect(await statuses(server, 'apps', 5, 'CustomClient')).toEqual([200, 200, 200, 503, 503]);
      const refused = await get(server, 'apps');
      expect(refused.status).toBe(503);
      expect(refused.body.length).toBe(0);
      expect(refused.headers['content-length']).toBe('0');
      server.clock!.advance(1000);
      expect(await statuses(server, 'apps', 2)).toEqual([200, 503]);
    });

    it('limits full, delta and application fetches together, under /eureka and /eureka/v2, trailing slash or not', async () => {
      expect((await get(server, 'apps/delta')).status).toBe(200);
      expect((await get(server, 'apps/ORDERS/', undefined, `${server.baseUrl}/eureka/v2`)).status).toBe(200);
      expect((await get(server, 'apps/', undefined, `${server.baseUrl}/eureka/v2`)).status).toBe(200);
      for (const path of ['apps', 'apps/', 'apps/delta', 'apps/delta/', 'apps/ORDERS', 'apps/orders/']) {
        expect([path, (await get(server, path)).status]).toEqual([path, 503]);
        expect([path, (await get(server, path, undefined, `${server.baseUrl}/eureka/v2`)).status]).toEqual([path, 503]);
      }
    });

    it('refuses before looking the application up (503, not 404)', async () => {
      await statuses(server, 'apps/delta', 3);
      expect((await get(server, 'apps/NO-SUCH-APP')).status).toBe(503);
      server.clock!.advance(REFILL_MS);
      expect((await get(server, 'apps/NO-SUCH-APP')).status).toBe(404);
    });

    it('never limits DefaultClient, DefaultServer or the privileged names', async () => {
      await statuses(server, 'apps', 3);
      expect((await get(server, 'apps')).status).toBe(503);
      for (const name of ['DefaultClient', 'DefaultServer', 'PythonClient', 'GoClient']) {
        expect([name, ...(await statuses(server, 'apps', 6, name))]).toEqual([name, 200, 200, 200, 200, 200, 200]);
        expect([name, ...(await statuses(server, 'apps/delta', 3, name))]).toEqual([name, 200, 200, 200]);
      }
      expect((await get(server, 'apps', 'defaultclient')).status).toBe(503);
      expect((await get(server, 'apps', 'Python')).status).toBe(503);
    });

    it('never limits the other endpoints', async () => {
      await statuses(server, 'apps', 4);
      const e = server.eureka;
      const answers = [
        (await http('GET', `${e}/apps/ORDERS/o-1`, { headers: { accept: 'application/json' } })).status,
        (await http('GET', `${e}/instances/o-1`, { headers: { accept: 'application/json' } })).status,
        (await http('GET', `${e}/vips/orders`, { headers: { accept: 'application/json' } })).status,
        (await http('GET', `${e}/svips/orders`, { headers: { accept: 'application/json' } })).status,
        (await http('GET', `${e}/status`, { headers: { accept: 'application/json' } })).status,
        (await http('PUT', `${e}/apps/ORDERS/o-1`)).status,
        (await http('PUT', `${e}/apps/ORDERS/o-1/metadata?build=1`)).status,
        (await http('PUT', `${e}/apps/ORDERS/o-1/status?value=UP`)).status,
        (await http('POST', `${e}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-2' }) })).status,
        (await http('DELETE', `${e}/apps/ORDERS/o-2`)).status,
        (await http('GET', `${server.baseUrl}/`)).status,
      ];
      expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 204, 200, 200]);
      expect((await get(server, 'apps')).status).toBe(503);
    });
  });

  describe('separate full-fetch bucket', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(
        adapter,
        { rateLimiterEnabled: true, rateLimiterBurstSize: 2, rateLimiterRegistryFetchAverageRate: 1000, rateLimiterFullFetchAverageRate: 1 },
        { manualClock: true },
      );
      await register(server);
    });
    afterAll(() => server.close());

    it('full fetches run out while delta and application fetches are still served', async () => {
      expect(await statuses(server, 'apps', 2)).toEqual([200, 200]);
      server.clock!.advance(10);
      expect((await get(server, 'apps')).status).toBe(503);
      server.clock!.advance(10);
      expect(await statuses(server, 'apps/delta', 2)).toEqual([200, 200]);
      server.clock!.advance(10);
      expect(await statuses(server, 'apps/ORDERS', 2)).toEqual([200, 200]);
    });
  });

  describe('rateLimiterThrottleStandardClients', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(
        adapter,
        {
          rateLimiterEnabled: true,
          rateLimiterBurstSize: 2,
          rateLimiterRegistryFetchAverageRate: 1,
          rateLimiterThrottleStandardClients: true,
          rateLimiterPrivilegedClients: 'PythonClient',
          disableDelta: true,
        },
        { manualClock: true },
      );
    });
    afterAll(() => server.close());

    it('limits the standard and the privileged clients too, before the delta switch (503, not 403)', async () => {
      expect((await get(server, 'apps/delta', 'DefaultClient')).status).toBe(403);
      expect((await get(server, 'apps', 'DefaultClient')).status).toBe(200);
      expect((await get(server, 'apps', 'DefaultServer')).status).toBe(503);
      expect((await get(server, 'apps/delta', 'PythonClient')).status).toBe(503);
    });
  });

  describe('rateLimiterLogOnly', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(adapter, { rateLimiterLogOnly: true, rateLimiterBurstSize: 1, rateLimiterRegistryFetchAverageRate: 1 }, { manualClock: true });
    });
    afterAll(() => server.close());

    it('serves every fetch', async () => {
      expect(await statuses(server, 'apps', 5)).toEqual([200, 200, 200, 200, 200]);
    });
  });
});
