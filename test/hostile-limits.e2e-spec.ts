import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { EurekaServerModule } from '@nest-eureka/server';
import { nodeServerLimits } from '@nest-eureka/server';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

function body(mutate: (instance: Record<string, unknown>) => void): string {
  const doc = JSON.parse(jsonRegistration({ app: 'ORDERS', id: 'o-1' }));
  mutate(doc.instance);
  return JSON.stringify(doc);
}

describe.each(ADAPTERS)('registration limits on %s: 400 naming the limit and the field, nothing changed', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { maxMetadataEntries: 4, maxFieldLength: 64 });
  });
  afterAll(() => server.close());
  const post = (text: string) => http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: text });

  it.each([
    ['hostName', (i: Record<string, unknown>) => (i.hostName = 'h'.repeat(65)), 'hostName: 65 characters exceed maxFieldLength (64)'],
    ['instanceId', (i: Record<string, unknown>) => (i.instanceId = 'i'.repeat(100)), 'instanceId: 100 characters exceed maxFieldLength (64)'],
    ['healthCheckUrl', (i: Record<string, unknown>) => (i.healthCheckUrl = `http://x/${'p'.repeat(80)}`), 'healthCheckUrl: 89 characters exceed maxFieldLength (64)'],
    ['metadata count', (i: Record<string, unknown>) => (i.metadata = { a: '1', b: '2', c: '3', d: '4', e: '5' }), 'metadata: 5 entries exceed maxMetadataEntries (4)'],
    ['metadata value', (i: Record<string, unknown>) => (i.metadata = { zone: 'z'.repeat(65) }), 'metadata["zone"]: 65 characters exceed maxFieldLength (64)'],
  ])('%s', async (_name, mutate, message) => {
    const res = await post(body(mutate));
    expect(res.status).toBe(400);
    expect(res.text).toBe(message);
    expect(server.registry.size).toBe(0);
  });

  it('at the limits -> 204', async () => {
    const res = await post(body((i) => (i.metadata = { a: '1', b: '2', c: '3', d: 'x'.repeat(64) })));
    expect(res.status).toBe(204);
    expect(server.registry.size).toBe(1);
  });
});

describe.each(ADAPTERS)('metadata update limits on %s: the merged metadata obeys the registration limits', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { maxMetadataEntries: 4, maxFieldLength: 64 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    // A fresh record with one metadata entry (`zone`).
    const res = await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
    expect(res.status).toBe(204);
  });
  const put = (query: string) => http('PUT', `${server.eureka}/apps/ORDERS/o-1/metadata?${query}`);
  const stored = () => {
    const holder = server.registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    return { metadata: { ...holder.metadata }, lastUpdatedTimestamp: holder.lastUpdatedTimestamp, actionType: holder.actionType };
  };

  it('up to maxMetadataEntries after the merge -> 200; keys already present count once', async () => {
    expect((await put('a=1&b=2&c=3')).status).toBe(200);
    expect((await put(`zone=${'z'.repeat(64)}&a=${'x'.repeat(64)}`)).status).toBe(200);
    expect(stored().metadata).toEqual({ zone: 'z'.repeat(64), a: 'x'.repeat(64), b: '2', c: '3' });
  });

  it.each([
    ['too many entries after the merge', 'a=1&b=2&c=3&d=4', 'metadata: 5 entries after the update exceed maxMetadataEntries (4)'],
    ['a long value', `build=1&zone=${'z'.repeat(65)}`, 'metadata["zone"]: 65 characters exceed maxFieldLength (64)'],
    ['a long key', `${'k'.repeat(65)}=1`, `metadata key "${'k'.repeat(64)}...": 65 characters exceed maxFieldLength (64)`],
    ['a long encoded key', `${encodeURIComponent('é'.repeat(65))}=1`, `metadata key "${'é'.repeat(64)}...": 65 characters exceed maxFieldLength (64)`],
  ])('%s -> 400 naming the limit, nothing changed', async (_name, query, message) => {
    const before = stored();
    const res = await put(query);
    expect(res.status).toBe(400);
    expect(res.text).toBe(message);
    expect(stored()).toEqual(before);
  });

  it('an unknown instance is still 404', async () => {
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/nope/metadata?a=1&b=2&c=3&d=4`)).status).toBe(404);
  });

  it('keys that are not XML names are kept in JSON and left out of XML, as on registration', async () => {
    expect((await put(`${encodeURIComponent('1st key')}=v&ok=1`)).status).toBe(200);
    const json = await http('GET', `${server.eureka}/apps/ORDERS/o-1`, { headers: { accept: 'application/json' } });
    expect(JSON.parse(json.text).instance.metadata).toMatchObject({ '1st key': 'v', ok: '1' });
    const xml = await http('GET', `${server.eureka}/apps/ORDERS/o-1`, { headers: { accept: 'application/xml' } });
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('<ok>1</ok>');
    expect(xml.text).not.toContain('1st');
  });
});

/** The standalone server's Node-level limits (`main.ts`): a Fastify app built the same way. */
describe('Node server limits (standalone Fastify set-up)', () => {
  let app: NestFastifyApplication;
  let port: number;
  beforeAll(async () => {
    @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false })] })
    class LimitsAppModule {}
    const limits = nodeServerLimits({ maxHeaderSize: 4096, requestTimeoutMs: 600 });
    const adapter = new FastifyAdapter({ http: limits, requestTimeout: limits.requestTimeout, routerOptions: { ignoreTrailingSlash: true } });
    app = await NestFactory.create<NestFastifyApplication>(LimitsAppModule, adapter, { logger: false, rawBody: true });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => app.close());

  /** Writes `request` on a fresh socket and collects everything until the server closes (at most 5 s). */
  function rawExchange(request: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const guard = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer within 5 s'));
      }, 5000);
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => {
        clearTimeout(guard);
        resolve(text);
      });
      socket.on('error', () => undefined);
      socket.write(request);
    });
  }

  it('headers over maxHeaderSize -> 431', async () => {
    const answer = await rawExchange(`GET /eureka/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(5000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    const ok = await http('GET', `http://127.0.0.1:${port}/eureka/apps`, { headers: { accept: 'application/json', 'x-small': 'b'.repeat(1000) } });
    expect(ok.status).toBe(200);
  });

  it('a client slower than requestTimeoutMs -> 408 and the connection closed', async () => {
    const started = Date.now();
    // Headers never finished: a slowloris client.
    const answer = await rawExchange('POST /eureka/apps/ORDERS HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
