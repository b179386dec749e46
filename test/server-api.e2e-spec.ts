import { gunzipSync } from 'node:zlib';
import { http } from './support/http-client';
import { JSON_HEADERS, XML_HEADERS, jsonRegistration, xmlRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

const ACCEPT_JSON = { accept: 'application/json' };

describe.each(ADAPTERS)('Eureka REST API on %s', (adapter) => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer(adapter);
  });
  afterEach(async () => {
    await server.close();
  });

  const register = (app: string, id: string, extra: Record<string, unknown> = {}) =>
    http('POST', `${server.eureka}/apps/${app}`, { headers: JSON_HEADERS, body: jsonRegistration({ app, id, ...extra }) });
  const appsJson = async (path = '/eureka/apps') => {
    const res = await http('GET', `${server.baseUrl}${path}`, { headers: ACCEPT_JSON });
    expect(res.status).toBe(200);
    return JSON.parse(res.text);
  };

  it('serves an empty registry in the reference shape, JSON with Accept json, XML without Accept', async () => {
    const json = await http('GET', `${server.eureka}/apps`, { headers: ACCEPT_JSON });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.text).toBe('{"applications":{"versions__delta":"1","apps__hashcode":"","application":[]}}');
    const xml = await http('GET', `${server.eureka}/apps`);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.text).toContain('<applications>');
    expect(xml.text).toContain('<apps__hashcode></apps__hashcode>');
    expect(xml.text).not.toContain('<application>');
  });

  it('registers (204) in JSON and XML and shows the instances in every read, on both base paths', async () => {
    expect((await register('ORDERS', 'o-1')).status).toBe(204);
    const xmlReg = await http('POST', `${server.eureka}/v2/apps/orders/`, {
      headers: XML_HEADERS,
      body: xmlRegistration({ app: 'ORDERS', id: 'o-2', status: 'DOWN' }),
    });
    expect(xmlReg.status).toBe(204);

    for (const path of ['/eureka/apps', '/eureka/apps/', '/eureka/v2/apps', '/eureka/v2/apps/']) {
      const doc = await appsJson(path);
      expect(doc.applications.apps__hashcode).toBe('DOWN_1_UP_1_');
      expect(doc.applications.versions__delta).toBe('1');
      expect(doc.applications.application).toHaveLength(1);
      const ids = doc.applications.application[0].instance.map((i: { instanceId: string }) => i.instanceId).sort();
      expect(ids).toEqual(['o-1', 'o-2']);
    }
    const o1 = (await appsJson('/eureka/apps/orders')).application.instance.find(
      (i: { instanceId: string }) => i.instanceId === 'o-1',
    );
    expect(o1.port).toEqual({ $: 8080, '@enabled': 'true' });
    expect(o1.leaseInfo.durationInSecs).toBe(90);
    expect(o1.actionType).toBe('ADDED');
    expect(typeof o1.lastUpdatedTimestamp).toBe('string');
    expect(o1.metadata).toEqual({ zone: 'zone-a' });
    const o2 = (await appsJson('/eureka/apps/ORDERS')).application.instance.find(
      (i: { instanceId: string }) => i.instanceId === 'o-2',
    );
    expect(o2.metadata).toEqual({ build_version: '1.2.3' });
    expect(o2.port).toEqual({ $: 9090, '@enabled': 'true' });
  });

  it('answers single-instance reads in the negotiated format and 404 for unknown ones', async () => {
    await register('ORDERS', 'o-1');
    const json = await http('GET', `${server.eureka}/apps/ORDERS/o-1`, { headers: ACCEPT_JSON });
    expect(JSON.parse(json.text).instance.instanceId).toBe('o-1');
    const xml = await http('GET', `${server.eureka}/apps/ORDERS/o-1`);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.text).toMatch(/^<instance>/);
    expect(xml.text).toContain('<overriddenstatus>UNKNOWN</overriddenstatus>');
    const byId = await http('GET', `${server.eureka}/instances/o-1`, { headers: ACCEPT_JSON });
    expect(JSON.parse(byId.text).instance.app).toBe('ORDERS');
    for (const path of ['/eureka/apps/ORDERS/nope', '/eureka/instances/nope', '/eureka/apps/NOPE']) {
      const res = await http('GET', `${server.baseUrl}${path}`, { headers: ACCEPT_JSON });
      expect(res.status).toBe(404);
      expect(res.body.length).toBe(0);
    }
  });

  it('filters VIP and secure VIP documents by exact token, version -1, hash over the subset', async () => {
    await register('ORDERS', 'o-1', { vip: 'orders,shop', secureVip: 'orders-secure' });
    await register('PAYMENTS', 'p-1', { vip: 'payments', status: 'DOWN' });
    const shop = await appsJson('/eureka/vips/shop');
    expect(shop.applications.versions__delta).toBe('-1');
    expect(shop.applications.apps__hashcode).toBe('UP_1_');
    expect(shop.applications.application.map((a: { name: string }) => a.name)).toEqual(['ORDERS']);
    const secure = await appsJson('/eureka/svips/orders-secure');
    expect(secure.applications.application[0].instance[0].instanceId).toBe('o-1');
    const unknown = await appsJson('/eureka/vips/sho');
    expect(unknown.applications.application).toEqual([]);
    expect(unknown.applications.apps__hashcode).toBe('');
  });

  it('gzips the full registry and the delta when asked, and the bytes gunzip to the plain body', async () => {
    await register('ORDERS', 'o-1');
    for (const path of ['/eureka/apps', '/eureka/apps/delta']) {
      const plain = await http('GET', `${server.baseUrl}${path}`, { headers: ACCEPT_JSON });
      const zipped = await http('GET', `${server.baseUrl}${path}`, {
        headers: { ...ACCEPT_JSON, 'accept-encoding': 'gzip, deflate' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(/^application\/json/);
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.text);
      expect(plain.headers['content-encoding']).toBeUndefined();
    }
  });

  it('serves the compact form on X-Eureka-Accept: compact', async () => {
    await register('ORDERS', 'o-1');
    const doc = JSON.parse(
      (await http('GET', `${server.eureka}/apps`, { headers: { ...ACCEPT_JSON, 'x-eureka-accept': 'Compact' } })).text,
    );
    const inst = doc.applications.application[0].instance[0];
    expect(inst.instanceId).toBe('o-1');
    expect(inst.metadata).toBeUndefined();
    expect(inst.leaseInfo).toBeUndefined();
    expect(typeof inst.lastUpdatedTimestamp).toBe('number');
  });

  it('answers 406 when Accept names neither XML nor JSON', async () => {
    const res = await http('GET', `${server.eureka}/apps`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(406);
  });

  it('heartbeats: 200 for a known lease, 404 for an unknown one or a newer lastDirtyTimestamp, 409 with the server copy for an older replicated one', async () => {
    await register('ORDERS', 'o-1', { lastDirtyTimestamp: 5000 });
    const put = (path: string, headers: Record<string, string> = {}) =>
      http('PUT', `${server.eureka}/apps/ORDERS/${path}`, { headers });
    expect((await put('o-1?status=UP&lastDirtyTimestamp=5000')).status).toBe(200);
    expect((await put('o-1?status=UP&lastDirtyTimestamp=6000')).status).toBe(404);
    expect((await put('o-1?status=UP&lastDirtyTimestamp=4000')).status).toBe(200);
    expect((await put('nope')).status).toBe(404);
    const conflict = await put('o-1?lastDirtyTimestamp=4000', {
      'x-netflix-discovery-replication': 'true',
      accept: 'application/json',
    });
    expect(conflict.status).toBe(409);
    expect(JSON.parse(conflict.text).instance.lastDirtyTimestamp).toBe('5000');
    // TRUE is not the replication marker (case-sensitive): treated as a client, so 200.
    expect((await put('o-1?lastDirtyTimestamp=4000', { 'x-netflix-discovery-replication': 'TRUE' })).status).toBe(200);
    expect(server.registry.renewals.meter.total).toBe(5);
  });

  it('status override: PUT sets it and shows MODIFIED in the delta; DELETE without value falls back to UNKNOWN and the next heartbeat is 404', async () => {
    await register('ORDERS', 'o-1');
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/o-1/status?value=OUT_OF_SERVICE`)).status).toBe(200);
    const doc = await appsJson();
    expect(doc.applications.application[0].instance[0].status).toBe('OUT_OF_SERVICE');
    expect(doc.applications.application[0].instance[0].overriddenStatus).toBe('OUT_OF_SERVICE');
    const delta = await appsJson('/eureka/apps/delta');
    expect(delta.applications.application[0].instance[0].actionType).toBe('MODIFIED');
    expect(delta.applications.apps__hashcode).toBe('OUT_OF_SERVICE_1_');
    // A client re-registering UP stays OUT_OF_SERVICE while the override exists.
    await register('ORDERS', 'o-1');
    expect((await appsJson()).applications.application[0].instance[0].status).toBe('OUT_OF_SERVICE');
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/o-1/status`)).status).toBe(200);
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/o-1`)).status).toBe(404);
    expect((await register('ORDERS', 'o-1')).status).toBe(204);
    expect((await appsJson()).applications.application[0].instance[0].status).toBe('UP');
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/nope/status?value=UP`)).status).toBe(404);
  });

  it('metadata PUT merges query parameters into the record', async () => {
    await register('ORDERS', 'o-1');
    const res = await http('PUT', `${server.eureka}/apps/ORDERS/o-1/metadata?build=42&zone=zone-b&zone=ignored`);
    expect(res.status).toBe(200);
    const inst = (await appsJson()).applications.application[0].instance[0];
    expect(inst.metadata).toEqual({ zone: 'zone-b', build: '42' });
  });

  it('cancel: 200 then 404; the app disappears (404) and the delta shows DELETED', async () => {
    await register('ORDERS', 'o-1');
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/o-1`)).status).toBe(200);
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/o-1`)).status).toBe(404);
    expect((await http('GET', `${server.eureka}/apps/ORDERS`, { headers: ACCEPT_JSON })).status).toBe(404);
    const delta = await appsJson('/eureka/apps/delta');
    expect(delta.applications.application[0].instance[0].actionType).toBe('DELETED');
    expect(delta.applications.apps__hashcode).toBe('');
  });

  it('tolerates the Spring transport: Content-Type json with an empty body on PUT and DELETE', async () => {
    await register('ORDERS', 'o-1');
    const headers = { 'content-type': 'application/json' };
    expect((await http('PUT', `${server.eureka}/apps/ORDERS/o-1?status=UP`, { headers })).status).toBe(200);
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/o-1`, { headers })).status).toBe(200);
  });

  it('answers /status in JSON and XML, and 400 to the AWS-only ASG endpoint', async () => {
    const json = JSON.parse((await http('GET', `${server.eureka}/status`, { headers: ACCEPT_JSON })).text);
    expect(json.generalStats.environment).toBe('test');
    expect(json.generalStats['num-of-cpus']).toMatch(/^\d+$/);
    expect(json.instanceInfo.status).toBe('UP');
    // The port the server listens on (a free one here), not Eureka's default 8761.
    const port = Number(new URL(server.baseUrl).port);
    expect(port).not.toBe(8761);
    expect(json.instanceInfo.port).toEqual({ $: port, '@enabled': 'true' });
    const xml = await http('GET', `${server.eureka}/status`);
    expect(xml.text).toMatch(/^<status>/);
    expect(xml.text).toContain(`<port enabled="true">${port}</port>`);
    expect(xml.text).toContain('<server-uptime>');
    expect((await http('PUT', `${server.eureka}/asg/my-asg/status?value=ENABLED`)).status).toBe(400);
  });
});

describe.each(ADAPTERS)('response cache tiers on %s', (adapter) => {
  it('with the read-only tier a change shows only after its refresh; the delta version grows per generated payload', async () => {
    const server = await startServer(adapter, { useReadOnlyResponseCache: true });
    try {
      const get = async () => JSON.parse((await http('GET', `${server.eureka}/apps`, { headers: ACCEPT_JSON })).text);
      expect((await get()).applications.application).toEqual([]);
      await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
      expect((await get()).applications.application).toEqual([]);
      server.cache.refreshReadOnly();
      expect((await get()).applications.application[0].instance[0].instanceId).toBe('o-1');
      const generatedBefore = server.cache.generatedCount;
      for (let i = 0; i < 5; i++) await get();
      expect(server.cache.generatedCount).toBe(generatedBefore);
    } finally {
      await server.close();
    }
  });

  it('answers 403 on delta when disableDelta is set', async () => {
    const server = await startServer(adapter, { disableDelta: true });
    try {
      expect((await http('GET', `${server.eureka}/apps/delta`, { headers: ACCEPT_JSON })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('gates cached reads with 403 after an empty start-up while defaultOpenForTrafficCount is 0', async () => {
    const server = await startServer(adapter, { defaultOpenForTrafficCount: 0, waitTimeInMsWhenSyncEmpty: 60_000 });
    try {
      expect((await http('GET', `${server.eureka}/apps`, { headers: ACCEPT_JSON })).status).toBe(403);
      // Writes and single-instance reads are never gated.
      const reg = await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
      expect(reg.status).toBe(204);
      expect((await http('GET', `${server.eureka}/apps/ORDERS/o-1`, { headers: ACCEPT_JSON })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
