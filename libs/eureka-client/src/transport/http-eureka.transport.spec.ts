import { Logger } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { Applications, decodeInstanceJson, encodeApplicationsJson, encodeApplicationsXml } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { resolveClientOptions } from '../config/resolve-client-options';
import { EurekaRequestError } from './eureka-transport';
import { HttpEurekaTransport } from './http-eureka.transport';
import { StubServer, closedPortUrl, startStubServer } from '../../../../test/support/stub-server';

const doc: Applications = {
  versionDelta: '1',
  appsHashCode: 'UP_1_',
  applications: [{ name: 'ORDERS', instances: [sampleInstance({ instanceId: 'o-1', hostName: 'o1' })] }],
};

describe('HttpEurekaTransport', () => {
  const stubs: StubServer[] = [];
  const transports: HttpEurekaTransport[] = [];
  let now = 1_000_000;
  let logged: jest.SpyInstance[] = [];

  beforeEach(() => {
    logged = [jest.spyOn(Logger.prototype, 'warn').mockImplementation(), jest.spyOn(Logger.prototype, 'debug').mockImplementation()];
  });

  async function stub(handler?: StubServer['handler']): Promise<StubServer> {
    const s = await startStubServer(handler);
    stubs.push(s);
    return s;
  }

  function transport(serviceUrl: string, extra: EurekaClientModuleOptions = {}): HttpEurekaTransport {
    const options = resolveClientOptions({
      appName: 'me',
      serviceUrl,
      eurekaServerConnectTimeoutSeconds: 1,
      eurekaServerReadTimeoutSeconds: 1,
      ...extra,
    });
    const t = new HttpEurekaTransport(options, undefined, () => now);
    transports.push(t);
    return t;
  }

  afterEach(async () => {
    logged.forEach((spy) => spy.mockRestore());
    transports.splice(0).forEach((t) => t.close());
    await Promise.all(stubs.splice(0).map((s) => s.close()));
  });

  it('sends the Java client headers and decodes JSON with a charset, gzip or not', async () => {
    const body = encodeApplicationsJson(doc);
    const s = await stub((req, res) => {
      if (req.url === '/eureka/apps/') {
        res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Encoding': 'gzip' }).end(gzipSync(body));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      }
    });
    const t = transport(`${s.url}/eureka`);
    const full = await t.fetchApplications();
    expect(full.applications[0].instances[0].instanceId).toBe('o-1');
    expect(await t.fetchDelta()).toEqual(full);
    expect(s.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /eureka/apps/', 'GET /eureka/apps/delta']);
    expect(s.requests[0].headers).toMatchObject({
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'discoveryidentity-name': 'DefaultClient',
      'discoveryidentity-version': '1.4',
      'user-agent': 'nest-eureka-client',
    });
    expect(s.requests[0].headers.authorization).toBeUndefined();
    expect(t.currentServer).toBe(`${s.url}/eureka/`);
  });

  it('decodes XML when the Content-Type is not JSON', async () => {
    const s = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/xml; charset=UTF-8' }).end(encodeApplicationsXml(doc)));
    const full = await transport(`${s.url}/eureka/`).fetchApplications();
    expect(full.applications.map((a) => a.name)).toEqual(['ORDERS']);
  });

  it('registers with a JSON body and treats 204 as done, 404 as a final failure without failover', async () => {
    const info = sampleInstance({ instanceId: 'me-1', app: 'ME' });
    const ok = await stub((_req, res) => res.writeHead(204).end());
    await transport(`${ok.url}/eureka/`).register(info);
    expect(ok.requests[0]).toMatchObject({ method: 'POST', url: '/eureka/apps/ME' });
    expect(ok.requests[0].headers['content-type']).toBe('application/json');
    expect(decodeInstanceJson(ok.requests[0].body).instanceId).toBe('me-1');

    const notFound = await stub((_req, res) => res.writeHead(404).end());
    const second = await stub((_req, res) => res.writeHead(204).end());
    const error = await transport(`${notFound.url}/eureka/,${second.url}/eureka/`).register(info).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EurekaRequestError);
    expect((error as EurekaRequestError).status).toBe(404);
    expect(second.requests).toHaveLength(0);
  });

  it('heartbeats with status and lastDirtyTimestamp, URL-encoding the id; 404 -> not-found', async () => {
    const s = await stub((req, res) => res.writeHead(req.url.includes('gone') ? 404 : 200).end());
    const t = transport(`${s.url}/eureka/`);
    await expect(t.sendHeartbeat('me', 'host:me:80/x', 'UP', 1234)).resolves.toBe('ok');
    await expect(t.sendHeartbeat('ME', 'gone', 'DOWN', 5)).resolves.toBe('not-found');
    expect(s.requests[0]).toMatchObject({ method: 'PUT', url: '/eureka/apps/ME/host%3Ame%3A80%2Fx?status=UP&lastDirtyTimestamp=1234' });
  });

  it('treats any answer to cancel as done', async () => {
    const s = await stub((_req, res) => res.writeHead(500).end());
    const other = await stub((_req, res) => res.writeHead(200).end());
    await transport(`${s.url}/eureka/,${other.url}/eureka/`).cancel('me', 'me-1');
    expect(s.requests[0]).toMatchObject({ method: 'DELETE', url: '/eureka/apps/ME/me-1' });
    expect(other.requests).toHaveLength(0);
  });

  it('returns undefined for a 403/404 delta without failing over', async () => {
    const s = await stub((_req, res) => res.writeHead(403).end());
    const other = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(encodeApplicationsJson(doc)));
    await expect(transport(`${s.url}/eureka/,${other.url}/eureka/`).fetchDelta()).resolves.toBeUndefined();
    expect(other.requests).toHaveLength(0);
  });

  it('fails over on connection errors and 5xx, quarantining those servers, and comes back after the quarantine', async () => {
    const dead = await closedPortUrl();
    const broken = await stub((_req, res) => res.writeHead(503).end());
    const good = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(encodeApplicationsJson(doc)));
    const t = transport(`${dead}/eureka/,${broken.url}/eureka/,${good.url}/eureka/`, { serverQuarantineSeconds: 30 });
    await t.fetchApplications();
    expect(t.quarantine.quarantined().sort()).toEqual([`${dead}/eureka/`, `${broken.url}/eureka/`].sort());
    expect(t.currentServer).toBe(`${good.url}/eureka/`);
    await t.fetchApplications();
    expect(broken.requests).toHaveLength(1); // skipped while quarantined
    expect(good.requests).toHaveLength(2);
    now += 30_000;
    await t.fetchApplications();
    expect(broken.requests).toHaveLength(2);
  });

  it('fails over on a 4xx without quarantining, tries at most 3 servers and names them in the error', async () => {
    const s = await Promise.all([1, 2, 3, 4].map(() => stub((_req, res) => res.writeHead(400).end())));
    const t = transport(s.map((x) => `${x.url}/eureka/`).join(','));
    const error = (await t.fetchApplications().catch((e: unknown) => e)) as EurekaRequestError;
    expect(error).toBeInstanceOf(EurekaRequestError);
    expect(error.operation).toBe('fetch registry');
    expect(error.server).toBe(s.slice(0, 3).map((x) => `${x.url}/eureka/`).join(', '));
    expect(error.status).toBe(400);
    expect(s[3].requests).toHaveLength(0);
    expect(t.quarantine.quarantined()).toEqual([]);
  });

  it('says what a 401 or 403 from a server with authentication means, without the credentials', async () => {
    const s = await stub((req, res) => res.writeHead(req.headers.authorization ? 403 : 401).end());
    const open = (await transport(`${s.url}/eureka/`).fetchApplications().catch((e: unknown) => e)) as EurekaRequestError;
    expect(open.status).toBe(401);
    expect(open.message).toContain('HTTP 401 (the server wants credentials, or refused these: put user:password in the service URL)');
    const withCredentials = `${s.url.replace('http://', 'http://reader:hidden-pw@')}/eureka/`;
    const refused = (await transport(withCredentials).fetchApplications().catch((e: unknown) => e)) as EurekaRequestError;
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('HTTP 403 (the credentials in the service URL lack the role this request needs)');
    expect(refused.message).not.toContain('hidden-pw');
    expect(s.requests[1].headers.authorization).toBe(`Basic ${Buffer.from('reader:hidden-pw').toString('base64')}`);
  });

  it('clears the quarantine when every server is quarantined', async () => {
    const dead = await closedPortUrl();
    const t = transport(`${dead}/eureka/`);
    await expect(t.fetchApplications()).rejects.toThrow(EurekaRequestError);
    expect(t.quarantine.quarantined()).toHaveLength(1);
    await expect(t.fetchApplications()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('times out a server that does not answer and fails over to the next', async () => {
    const silent = await stub(() => undefined);
    const good = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(encodeApplicationsJson(doc)));
    const t = transport(`${silent.url}/eureka/,${good.url}/eureka/`, { eurekaServerReadTimeoutSeconds: 0.2 });
    const started = Date.now();
    await t.fetchApplications();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(t.quarantine.quarantined()).toEqual([`${silent.url}/eureka/`]);
  });

  it('fails over when a 200 body cannot be decoded', async () => {
    const bad = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{not json'));
    const good = await stub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/xml' }).end(encodeApplicationsXml(doc)));
    await expect(transport(`${bad.url}/eureka/,${good.url}/eureka/`).fetchApplications()).resolves.toMatchObject({ appsHashCode: 'UP_1_' });
  });

  it('sends URL credentials as Basic auth and never shows them', async () => {
    const s = await stub((_req, res) => res.writeHead(500).end());
    const dead = await closedPortUrl();
    const t = transport(`http://alice:s3cret@${s.url.slice(7)}/eureka/,http://bob:hunter2@${dead.slice(7)}/eureka/`);
    const error = (await t.fetchApplications().catch((e: unknown) => e)) as EurekaRequestError;
    expect(s.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    const shown = `${error.message} ${error.server} ${error.stack} ${t.quarantine.quarantined().join()} ${JSON.stringify(t.endpoints.map((e) => e.url))}`;
    expect(shown).not.toMatch(/s3cret|hunter2|alice|bob/);
    const logs = JSON.stringify(logged.map((spy) => spy.mock.calls));
    expect(logs).toContain(`${dead}/eureka/`);
    expect(logs).not.toMatch(/s3cret|hunter2|alice|bob/);
    expect(error.server).toBe(`${s.url}/eureka/, ${dead}/eureka/`);
  });

  it('aborts requests in flight on close, without failing over', async () => {
    const silent = await stub(() => undefined);
    const other = await stub((_req, res) => res.writeHead(200).end());
    const t = transport(`${silent.url}/eureka/,${other.url}/eureka/`, { eurekaServerReadTimeoutSeconds: 30 });
    const pending = t.fetchApplications();
    await new Promise((r) => setTimeout(r, 50));
    t.close();
    await expect(pending).rejects.toThrow(/transport closed/);
    expect(other.requests).toHaveLength(0);
    expect(t.quarantine.quarantined()).toEqual([]);
  });
});
