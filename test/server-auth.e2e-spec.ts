import * as bcrypt from 'bcryptjs';
import { EurekaServerAuthOptions, hashPassword, tokenDigest } from '@nest-eureka/server';
import { HttpResponse, http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const SECRETS = {
  admin: 'admin-secret-1',
  reader: 'reader-secret-2',
  app: 'app-secret-3',
  peer: 'peer-secret-4',
  viewer: 'viewer-secret-5',
  ciToken: 'ci-token-0123456789abcdef',
  deployToken: 'deploy-token-0123456789abcdef',
};

async function authOptions(): Promise<EurekaServerAuthOptions> {
  return {
    users: [
      { username: 'admin', password: SECRETS.admin },
      { username: 'reader', password: `{bcrypt}${bcrypt.hashSync(SECRETS.reader, 4)}`, roles: ['read'] },
      { username: 'app', password: await hashPassword(SECRETS.app), roles: ['read', 'write'] },
      { username: 'peer', password: `{noop}${SECRETS.peer}`, roles: ['replicate'] },
      { username: 'viewer', password: SECRETS.viewer, roles: ['dashboard'] },
    ],
    tokens: [
      { name: 'ci', token: `{sha256}${tokenDigest(SECRETS.ciToken)}`, roles: ['read'] },
      { name: 'deployer', token: SECRETS.deployToken, roles: ['read', 'write'] },
    ],
  };
}

function expectNoSecret(res: HttpResponse): void {
  for (const secret of Object.values(SECRETS)) expect(res.text).not.toContain(secret);
  expect(JSON.stringify(res.headers)).not.toMatch(/secret|token-0123/);
}

describe.each(ADAPTERS)('authentication on %s', (adapter) => {
  let server: RunningServer;
  const register = (app: string, id: string, headers: Record<string, string>) =>
    http('POST', `${server.eureka}/apps/${app}`, { headers: { ...JSON_HEADERS, ...headers }, body: jsonRegistration({ app, id }) });

  beforeAll(async () => {
    server = await startServer(adapter, { auth: await authOptions() });
  });
  afterAll(() => server?.close());

  it.each([
    ['GET', '/eureka/apps'],
    ['GET', '/eureka/apps/'],
    ['GET', '/eureka/v2/apps'],
    ['GET', '/eureka/apps/delta'],
    ['GET', '/eureka/apps/SOME-APP'],
    ['GET', '/eureka/vips/some-vip'],
    ['GET', '/eureka/instances/some-id'],
    ['GET', '/eureka/status'],
    ['HEAD', '/eureka/apps'],
    ['POST', '/eureka/apps/SOME-APP'],
    ['PUT', '/eureka/apps/SOME-APP/some-id'],
    ['PUT', '/eureka/apps/SOME-APP/some-id/'],
    ['DELETE', '/eureka/apps/SOME-APP/some-id'],
    ['PUT', '/eureka/apps/SOME-APP/some-id/status?value=OUT_OF_SERVICE'],
    ['DELETE', '/eureka/apps/SOME-APP/some-id/status?value=UP'],
    ['PUT', '/eureka/apps/SOME-APP/some-id/metadata?k=v'],
    ['POST', '/eureka/peerreplication/batch/'],
    ['GET', '/eureka/peerreplication/stats'],
    ['GET', '/'],
    ['GET', '/lastn'],
    ['GET', '/dashboard/api/overview'],
    ['POST', '/dashboard/actions/SOME-APP/some-id/deregister'],
  ])('%s %s without credentials: 401 with a challenge', async (method, path) => {
    const res = await http(method, `${server.baseUrl}${path}`, { headers: JSON_HEADERS, body: method === 'POST' ? '{}' : undefined });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="eureka", charset="UTF-8"');
    expect(res.headers.location).toBeUndefined();
    if (method !== 'HEAD') expect(JSON.parse(res.text).message).toMatch(/credentials are required/);
  });

  it('a full user reads, registers, renews, changes status and cancels', async () => {
    const admin = basic('admin', SECRETS.admin);
    expect((await register('AUTH-ADMIN', 'a-1', admin)).status).toBe(204);
    expect((await http('PUT', `${server.eureka}/apps/AUTH-ADMIN/a-1`, { headers: admin })).status).toBe(200);
    expect((await http('PUT', `${server.eureka}/apps/AUTH-ADMIN/a-1/status?value=OUT_OF_SERVICE`, { headers: admin })).status).toBe(200);
    const read = await http('GET', `${server.eureka}/apps/AUTH-ADMIN`, { headers: { ...admin, accept: 'application/json' } });
    expect(read.status).toBe(200);
    expect(JSON.parse(read.text).application.instance[0].status).toBe('OUT_OF_SERVICE');
    expect((await http('DELETE', `${server.eureka}/apps/AUTH-ADMIN/a-1`, { headers: admin })).status).toBe(200);
  });

  it('a read-only user (bcrypt-hashed password) fetches but cannot write: 403 naming the role', async () => {
    const reader = basic('reader', SECRETS.reader);
    const apps = await http('GET', `${server.eureka}/apps`, { headers: { ...reader, accept: 'application/json' } });
    expect(apps.status).toBe(200);
    const denied = await register('AUTH-READER', 'r-1', reader);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text).message).toBe('"reader" lacks the "write" role for POST /eureka/apps/AUTH-READER');
    expect(server.registry.getVisibleLease('AUTH-READER', 'r-1')).toBeUndefined();
    expectNoSecret(denied);
  });

  it('a read+write user (scrypt-hashed password) registers and renews; a cached login is reused', async () => {
    const app = basic('app', SECRETS.app);
    expect((await register('AUTH-APP', 'p-1', app)).status).toBe(204);
    for (let i = 0; i < 20; i++) expect((await http('PUT', `${server.eureka}/apps/AUTH-APP/p-1`, { headers: app })).status).toBe(200);
    expect(server.registry.getVisibleLease('AUTH-APP', 'p-1')).toBeDefined();
  });

  it.each([
    ['wrong password', basic('admin', 'not-the-password')],
    ['wrong hashed password', basic('reader', 'nope')],
    ['unknown user', basic('mallory', SECRETS.admin)],
    ['empty user', basic('', '')],
    ['no colon', { authorization: `Basic ${Buffer.from('admin').toString('base64')}` }],
    ['not base64', { authorization: 'Basic ###' }],
    ['unknown scheme', { authorization: `Digest username="admin"` }],
    ['scheme only', { authorization: 'Basic' }],
    ['wrong token', bearer('ci-token-0123456789abcdeX')],
  ])('%s: 401, nothing written', async (_, headers) => {
    const res = await register('AUTH-BAD', 'b-1', headers);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="eureka"/);
    expect(server.registry.getVisibleLease('AUTH-BAD', 'b-1')).toBeUndefined();
    expectNoSecret(res);
  });

  it('bearer tokens: given hashed or plain, with their roles', async () => {
    expect((await http('GET', `${server.eureka}/apps`, { headers: { ...bearer(SECRETS.ciToken), accept: 'application/json' } })).status).toBe(200);
    expect((await register('AUTH-TOKEN', 't-1', bearer(SECRETS.ciToken))).status).toBe(403);
    expect((await register('AUTH-TOKEN', 't-1', bearer(SECRETS.deployToken))).status).toBe(204);
    const lower = { authorization: `bearer ${SECRETS.deployToken}` };
    expect((await http('PUT', `${server.eureka}/apps/AUTH-TOKEN/t-1`, { headers: lower })).status).toBe(200);
  });

  it('replication: a client user cannot pose as a peer; the peer user replicates and reads', async () => {
    const replicated = { 'x-netflix-discovery-replication': 'true' };
    const asApp = await register('AUTH-REPL', 'x-1', { ...basic('app', SECRETS.app), ...replicated });
    expect(asApp.status).toBe(403);
    expect(JSON.parse(asApp.text).message).toMatch(/lacks the "replicate" role/);
    const batch = await http('POST', `${server.eureka}/peerreplication/batch/`, {
      headers: { ...JSON_HEADERS, ...basic('app', SECRETS.app) },
      body: '{"replicationList":[]}',
    });
    expect(batch.status).toBe(403);
    const peer = basic('peer', SECRETS.peer);
    expect((await register('AUTH-REPL', 'x-1', { ...peer, ...replicated })).status).toBe(204);
    const ok = await http('POST', `${server.eureka}/peerreplication/batch/`, { headers: { ...JSON_HEADERS, ...peer }, body: '{"replicationList":[]}' });
    expect(ok.status).toBe(200);
    expect((await http('GET', `${server.eureka}/apps`, { headers: { ...peer, accept: 'application/json' } })).status).toBe(200);
    // a peer is not a client: it cannot register without the replication header
    expect((await register('AUTH-REPL', 'x-2', peer)).status).toBe(403);
  });

  it('dashboard: pages for the dashboard role, actions need dashboard + write', async () => {
    expect((await http('GET', `${server.baseUrl}/`, { headers: basic('viewer', SECRETS.viewer) })).status).toBe(200);
    expect((await http('GET', `${server.baseUrl}/dashboard/api/overview`, { headers: basic('viewer', SECRETS.viewer) })).status).toBe(200);
    expect((await http('GET', `${server.baseUrl}/`, { headers: basic('reader', SECRETS.reader) })).status).toBe(403);
    expect((await register('AUTH-DASH', 'd-1', basic('admin', SECRETS.admin))).status).toBe(204);
    const denied = await http('POST', `${server.baseUrl}/dashboard/actions/AUTH-DASH/d-1/out-of-service`, { headers: basic('viewer', SECRETS.viewer) });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text).message).toMatch(/lacks the "write" role/);
    expect(server.registry.getVisibleLease('AUTH-DASH', 'd-1')?.holder.status).toBe('UP');
    const done = await http('POST', `${server.baseUrl}/dashboard/actions/AUTH-DASH/d-1/out-of-service`, {
      headers: { ...basic('admin', SECRETS.admin), accept: 'application/json' },
    });
    expect(done.status).toBeLessThan(400);
    expect(server.registry.getVisibleLease('AUTH-DASH', 'd-1')?.holder.status).toBe('OUT_OF_SERVICE');
  });

  it('routes of the embedding application stay open', async () => {
    const res = await http('GET', `${server.baseUrl}/no-such-route`);
    expect(res.status).toBe(404);
  });
});

describe.each(ADAPTERS)('anonymous roles on %s', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { auth: { users: [{ username: 'app', password: SECRETS.app }], anonymous: ['read'], realm: 'registry' } });
  });
  afterAll(() => server?.close());

  it('reads without credentials, writes need them, wrong credentials are still refused', async () => {
    expect((await http('GET', `${server.eureka}/apps`, { headers: { accept: 'application/json' } })).status).toBe(200);
    const write = await http('POST', `${server.eureka}/apps/ANON`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ANON', id: 'n-1' }) });
    expect(write.status).toBe(401);
    expect(write.headers['www-authenticate']).toBe('Basic realm="registry", charset="UTF-8"');
    expect((await http('GET', `${server.eureka}/apps`, { headers: basic('app', 'wrong') })).status).toBe(401);
    expect((await http('GET', `${server.baseUrl}/`)).status).toBe(401);
  });
});

describe('authentication stays per application', () => {
  it('an open server in the same process is not affected by a protected one', async () => {
    const guarded = await startServer('fastify', { auth: { users: [{ username: 'u', password: 'p' }] } });
    const open = await startServer('fastify');
    try {
      expect((await http('GET', `${guarded.eureka}/apps`)).status).toBe(401);
      expect((await http('GET', `${open.eureka}/apps`)).status).toBe(200);
      expect((await http('GET', `${open.baseUrl}/`)).status).toBe(200);
    } finally {
      await guarded.close();
      await open.close();
    }
  });

  it('a malformed auth option stops start-up, naming the field', async () => {
    await expect(startServer('fastify', { auth: { users: [{ username: 'u', password: '{md5}abc' }] } })).rejects.toThrow(
      'option "auth.users[0].password" uses the unsupported encoding {md5}',
    );
  });
});
