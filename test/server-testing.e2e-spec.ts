/**
 * `@nest-eureka/server/testing`: the in-process registry users start in their own e2e tests, on
 * both adapters, over real HTTP, with our client registering into it.
 */
import { createServer } from 'node:net';
import { EurekaTestServer, startEurekaTestServer } from '@nest-eureka/server/testing';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { RunningClient, startClient } from './support/start-client';

// A bound for the whole test on a loaded machine; the waits inside have their own bounds.
jest.setTimeout(60_000);

describe.each(['express', 'fastify'] as const)('startEurekaTestServer on %s', (adapter) => {
  let eureka: EurekaTestServer;
  let client: RunningClient | undefined;

  beforeAll(async () => {
    eureka = await startEurekaTestServer({ adapter });
  });

  afterAll(async () => {
    await client?.close();
    await eureka?.close();
  });

  it('listens on 127.0.0.1 and a free port, with the service URL a client takes', async () => {
    expect(eureka.port).toBeGreaterThan(0);
    expect(eureka.baseUrl).toBe(`http://127.0.0.1:${eureka.port}`);
    expect(eureka.serviceUrl).toBe(`http://127.0.0.1:${eureka.port}/eureka/`);
    const res = await http('GET', `${eureka.serviceUrl}apps/`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).applications.application).toEqual([]);
  });

  it('sees a registration at once, in reads and through instances() and waitForInstance()', async () => {
    const waiting = eureka.waitForInstance('orders', { id: 'orders-1' });
    const res = await http('POST', `${eureka.serviceUrl}apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'orders-1' }) });
    expect(res.status).toBe(204);
    expect((await waiting).instanceId).toBe('orders-1');
    expect(eureka.instances('ORDERS').map((i) => i.instanceId)).toEqual(['orders-1']);
    expect(eureka.instance('orders', 'orders-1')?.status).toBe('UP');
    expect(eureka.instances().length).toBe(1);
    const read = await http('GET', `${eureka.serviceUrl}apps/ORDERS`, { headers: { Accept: 'application/json' } });
    expect(JSON.parse(read.text).application.instance[0].instanceId).toBe('orders-1');

    const gone = eureka.waitForNoInstance('ORDERS', { id: 'orders-1' });
    expect((await http('DELETE', `${eureka.serviceUrl}apps/ORDERS/orders-1`)).status).toBe(200);
    await gone;
    expect(eureka.instances('ORDERS')).toEqual([]);
  });

  it('waits for a status, and times out naming what it waited for', async () => {
    await http('POST', `${eureka.serviceUrl}apps/BILLING`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'BILLING', id: 'b-1', status: 'STARTING' }) });
    await expect(eureka.waitForInstance('BILLING', { timeoutMs: 200 })).rejects.toThrow('timed out after 200 ms waiting for BILLING UP in the test registry');
    const up = eureka.waitForInstance('BILLING');
    expect((await http('PUT', `${eureka.serviceUrl}apps/BILLING/b-1/status?value=UP`)).status).toBe(200);
    expect((await up).status).toBe('UP');
  });

  it('fails the waits still pending when it closes, at once rather than at their timeout', async () => {
    const own = await startEurekaTestServer({ adapter });
    const pending = own.waitForInstance('NEVER', { timeoutMs: 60_000 }).catch((e: Error) => e);
    const started = Date.now();
    await own.close();
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('the test registry was closed');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('registers our client application and sees it leave on close', async () => {
    client = await startClient(adapter, { appName: 'shop', serviceUrl: eureka.serviceUrl, leaseRenewalIntervalInSeconds: 1 });
    const shop = await eureka.waitForInstance('SHOP');
    expect(shop.port.port).toBe(client.port);
    await client.close();
    client = undefined;
    await eureka.waitForNoInstance('SHOP');
  });
});

describe('startEurekaTestServer options', () => {
  it('takes module options (the read-only cache back on) and a fixed port, and frees the port on close', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const eureka = await startEurekaTestServer({ port, useReadOnlyResponseCache: true, responseCacheUpdateIntervalMs: 60_000 });
    try {
      expect(eureka.port).toBe(port);
      // Warm the cache, register, read again: the read-only tier still answers the old document.
      await http('GET', `${eureka.serviceUrl}apps`, { headers: { Accept: 'application/json' } });
      await http('POST', `${eureka.serviceUrl}apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
      expect(eureka.instances('ORDERS')).toHaveLength(1);
      const read = await http('GET', `${eureka.serviceUrl}apps`, { headers: { Accept: 'application/json' } });
      expect(JSON.parse(read.text).applications.application).toEqual([]);
    } finally {
      await eureka.close();
    }
    const again = await startEurekaTestServer({ port });
    await again.close();
  });

  it('refuses a port that is taken, leaving nothing running', async () => {
    const first = await startEurekaTestServer();
    try {
      await expect(startEurekaTestServer({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
