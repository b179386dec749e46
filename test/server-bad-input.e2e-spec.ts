import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

const ACCEPT_JSON = { accept: 'application/json' };

function instanceBody(mutate: (instance: Record<string, unknown>) => void): string {
  const body = JSON.parse(jsonRegistration({ app: 'ORDERS', id: 'o-1' }));
  mutate(body.instance);
  return JSON.stringify(body);
}

describe.each(ADAPTERS)('bad input on %s: a clear 4xx naming the field, nothing changed', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { maxRequestBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(async () => {
    // Every rejected request must leave the registry empty.
    const doc = JSON.parse((await http('GET', `${server.eureka}/apps`, { headers: ACCEPT_JSON })).text);
    expect(doc.applications.application).toEqual([]);
    expect(server.registry.size).toBe(0);
  });

  const post = (body: string | Buffer, headers: Record<string, string> = JSON_HEADERS, app = 'ORDERS') =>
    http('POST', `${server.eureka}/apps/${app}`, { headers, body });

  it.each([
    ['missing ip address', (i: Record<string, unknown>) => delete i.ipAddr, 'Missing ip address'],
    ['missing hostName', (i: Record<string, unknown>) => delete i.hostName, 'Missing hostname'],
    [
      'neither instanceId nor hostName',
      (i: Record<string, unknown>) => {
        delete i.instanceId;
        delete i.hostName;
      },
      'Missing instanceId',
    ],
    ['missing dataCenterInfo', (i: Record<string, unknown>) => delete i.dataCenterInfo, 'Missing dataCenterInfo'],
    [
      'dataCenterInfo without name',
      (i: Record<string, unknown>) => (i.dataCenterInfo = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo' }),
      'Missing dataCenterInfo Name',
    ],
    ['app mismatch', (i: Record<string, unknown>) => (i.app = 'PAYMENTS'), 'Mismatched appName, expecting ORDERS but was PAYMENTS'],
  ])('%s -> 400 with the reference text', async (_name, mutate, message) => {
    const res = await post(instanceBody(mutate));
    expect(res.status).toBe(400);
    expect(res.text).toBe(message);
  });

  it.each([
    ['malformed JSON', '{"instance": {', /cannot parse request body/],
    ['wrong root', '{"application": {}}', /instance/],
    ['extra root key', instanceBody(() => undefined).replace(/}$/, ',"extra":1}'), /extra/],
    ['scalar port', instanceBody((i) => (i.port = 8080)), /port/],
    ['non-numeric port', instanceBody((i) => (i.port = { $: 'eighty', '@enabled': 'true' })), /port/],
    ['dataCenterInfo without @class', instanceBody((i) => (i.dataCenterInfo = { name: 'MyOwn' })), /dataCenterInfo/],
    ['unknown dataCenterInfo name', instanceBody((i) => ((i.dataCenterInfo as Record<string, string>).name = 'Azure')), /dataCenterInfo/],
    ['missing app', instanceBody((i) => delete i.app), /app/],
  ])('%s -> 400 {"error": ...} naming the field', async (_name, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const parsed = JSON.parse(res.text);
    expect(parsed.error).toMatch(/^cannot parse request body/);
    expect(parsed.error).toMatch(field);
  });

  it('malformed XML -> 400 <error><message> naming what is wrong', async () => {
    const res = await post('<instance><hostName>x</hostName', { 'content-type': 'application/xml' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.text).toMatch(/^<error><message>cannot parse request body: .+<\/message><\/error>$/);
  });

  it('XML with a DOCTYPE or entity declaration is refused, not expanded', async () => {
    const body = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><instance><app>&b;</app></instance>`;
    const res = await post(body, { 'content-type': 'application/xml' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/DOCTYPE|entit/i);
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/json; charset=UTF-16', '{}'],
  ])('Content-Type %s -> 415', async (type, body) => {
    const res = await post(body, { 'content-type': type });
    expect(res.status).toBe(415);
  });

  it('a body over maxRequestBodyBytes -> 413', async () => {
    const huge = instanceBody((i) => (i.metadata = { big: 'x'.repeat(100 * 1024) }));
    const res = await post(huge);
    expect(res.status).toBe(413);
  });

  it.each([
    ['PUT', '/apps/ORDERS/o-1/status?value=up', /value/],
    ['PUT', '/apps/ORDERS/o-1/status', /value/],
    ['DELETE', '/apps/ORDERS/o-1/status?value=SIDEWAYS', /value/],
    ['PUT', '/apps/ORDERS/o-1?lastDirtyTimestamp=yesterday', /lastDirtyTimestamp/],
    ['PUT', '/apps/ORDERS/o-1/status?value=UP&lastDirtyTimestamp=1e3', /lastDirtyTimestamp/],
  ])('%s %s -> 400 naming the parameter (the reference answers 500)', async (method, path, field) => {
    const res = await http(method, `${server.eureka}${path}`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(field);
  });

  it('a bad parameter does not renew or change a registered instance', async () => {
    const reg = await post(jsonRegistration({ app: 'ORDERS', id: 'o-1' }));
    expect(reg.status).toBe(204);
    const before = server.registry.renewals.meter.total;
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/o-1?lastDirtyTimestamp=abc`)).status).toBe(400);
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/o-1/status?value=BOGUS`)).status).toBe(400);
    expect(server.registry.renewals.meter.total).toBe(before);
    expect(server.registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('UP');
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/o-1`)).status).toBe(200);
  });
});
