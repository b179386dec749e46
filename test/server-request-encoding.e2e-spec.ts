/**
 * Registration bodies as Java clients may send them: gzip-compressed (the reference's server inflates
 * them) and with hundreds of metadata entries (the reference has no limit). Inflation is bounded by
 * `maxRequestBodyBytes`, a body that is not gzip is a 400, an unknown coding a 415.
 */
import { gzipSync } from 'node:zlib';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration, xmlRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

describe.each(ADAPTERS)('registration bodies and Content-Encoding (%s)', (adapter) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(adapter, { maxRequestBodyBytes: 64 * 1024 });
  });

  afterAll(async () => {
    await server?.close();
  });

  const instanceStatus = async (app: string, id: string) => {
    const res = await http('GET', `${server.eureka}/apps/${app}/${id}`, { headers: { Accept: 'application/json' } });
    return res.status === 200 ? (JSON.parse(res.text).instance.status as string) : `HTTP ${res.status}`;
  };

  it('registers a gzip-compressed JSON and XML body', async () => {
    const json = await http('POST', `${server.eureka}/apps/ZIPPED`, {
      headers: { ...JSON_HEADERS, 'Content-Encoding': 'gzip' },
      body: gzipSync(jsonRegistration({ app: 'ZIPPED', id: 'z-1' })),
    });
    expect(json.status).toBe(204);
    expect(await instanceStatus('ZIPPED', 'z-1')).toBe('UP');
    const xml = await http('POST', `${server.eureka}/apps/ZIPPED`, {
      headers: { 'Content-Type': 'application/xml', 'Content-Encoding': 'GZIP' },
      body: gzipSync(xmlRegistration({ app: 'ZIPPED', id: 'z-2' })),
    });
    expect(xml.status).toBe(204);
    expect(await instanceStatus('ZIPPED', 'z-2')).toBe('UP');
  });

  it('refuses a body that says gzip and is not (400), one that inflates past maxRequestBodyBytes (413) and an unknown coding (415)', async () => {
    const notGzip = await http('POST', `${server.eureka}/apps/ZIPPED`, {
      headers: { ...JSON_HEADERS, 'Content-Encoding': 'gzip' },
      body: jsonRegistration({ app: 'ZIPPED', id: 'z-3' }),
    });
    expect({ status: notGzip.status, text: notGzip.text }).toEqual({ status: 400, text: expect.stringContaining('Content-Encoding is gzip but the body is not valid gzip') });

    // 2 KiB on the wire, 1 MiB inflated: a body limit of 64 KiB holds after decompression too.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"instance":{"app":"'), Buffer.alloc(1024 * 1024, 'A'), Buffer.from('"}}')]));
    expect(bomb.length).toBeLessThan(4096);
    const big = await http('POST', `${server.eureka}/apps/ZIPPED`, { headers: { ...JSON_HEADERS, 'Content-Encoding': 'gzip' }, body: bomb });
    expect({ status: big.status, text: big.text }).toEqual({ status: 413, text: expect.stringContaining(`exceeds ${64 * 1024} bytes after gunzip`) });

    const br = await http('POST', `${server.eureka}/apps/ZIPPED`, { headers: { ...JSON_HEADERS, 'Content-Encoding': 'br' }, body: 'x' });
    expect({ status: br.status, text: br.text }).toEqual({ status: 415, text: expect.stringContaining('Content-Encoding "br" is not supported') });
    expect(await instanceStatus('ZIPPED', 'z-3')).toBe('HTTP 404');
  });

  it('accepts 500 metadata entries, as the reference does', async () => {
    const body = JSON.parse(jsonRegistration({ app: 'TAGGED', id: 't-1' }));
    body.instance.metadata = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`key${i}`, `value${i}`]));
    const res = await http('POST', `${server.eureka}/apps/TAGGED`, { headers: JSON_HEADERS, body: JSON.stringify(body) });
    expect(res.status).toBe(204);
    const read = await http('GET', `${server.eureka}/apps/TAGGED/t-1`, { headers: { Accept: 'application/json' } });
    expect(Object.keys(JSON.parse(read.text).instance.metadata)).toHaveLength(500);
  });
});
