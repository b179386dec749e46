/**
 * Authentication across built standalone servers (separate processes, configured only through
 * the environment): peers that carry their credentials in the service URL replicate and sync;
 * a peer with a wrong password is refused and says so without the password; no secret shows in
 * logs, stats, the status page or the dashboard.
 *
 * Assumes `npm run build` ran before jest. Every wait is bounded; nodes are stopped in afterAll.
 */
import * as bcrypt from 'bcryptjs';
import { hashPassword } from '@nest-eureka/server';
import {
  BASE_CLUSTER_ENV,
  Cluster,
  ClusterNode,
  call,
  diag,
  expectStatus,
  freePorts,
  getStats,
  peerStats,
  spawnNode,
  startCluster,
  stopNode,
  waitFor,
  waitForInstance,
  waitUntilWarmedUp,
} from './support/cluster';
import { http } from './support/http-client';
import { jsonRegistration } from './support/registration-bodies';

// A bound for the whole test on a loaded machine; the waits inside follow the nodes' progress.
jest.setTimeout(240_000);

const ADMIN_PASSWORD = 'admin-pa55-word';
const PEER_PASSWORD = 'peer:pa55/word@x';
const WRONG_PEER_PASSWORD = 'wrong-peer-pa55';
const SECRETS = [ADMIN_PASSWORD, PEER_PASSWORD, encodeURIComponent(PEER_PASSWORD), WRONG_PEER_PASSWORD];
const ADMIN = { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` };

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`${where} contains a secret`);
  }
}

describe('authentication between built servers', () => {
  let cluster: Cluster;
  let A: ClusterNode;
  let B: ClusterNode;
  let intruder: ClusterNode | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      EUREKA_AUTH_USERNAME: 'admin',
      EUREKA_AUTH_PASSWORD: await hashPassword(ADMIN_PASSWORD),
      EUREKA_AUTH_USERS: JSON.stringify([{ username: 'peer', password: `{bcrypt}${bcrypt.hashSync(PEER_PASSWORD, 4)}`, roles: ['replicate'] }]),
    };
    cluster = await startCluster({ names: ['A', 'B'], env, peerCredentials: ['peer', PEER_PASSWORD], headers: ADMIN });
    ({ A, B } = cluster.byName as { A: ClusterNode; B: ClusterNode });
  });

  afterAll(async () => {
    await stopNode(intruder);
    await cluster?.stopAll();
  });

  it('answers 401 without credentials and names authentication in its start-up log', async () => {
    const res = await http('GET', `${A.eureka}/apps`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="eureka", charset="UTF-8"');
    expect(A.stdout).toMatch(/authentication on/);
  });

  it('replicates a registration and a status change to the peer, with the peer credentials from the URL', async () => {
    expectStatus(await call(A, 'POST', 'apps/SECURE-APP', { body: jsonRegistration({ app: 'SECURE-APP', id: 's-1' }) }), 204, 'register on A');
    await waitForInstance(B, 'SECURE-APP', 's-1', 5000);
    expectStatus(await call(B, 'PUT', 'apps/SECURE-APP/s-1/status?value=OUT_OF_SERVICE'), 200, 'status on B');
    await waitForInstance(A, 'SECURE-APP', 's-1', 5000, (i) => i.status === 'OUT_OF_SERVICE');
    const stats = await getStats(A);
    expect(peerStats(stats, B)).toMatchObject({ reachable: true, failed: 0 });
  });

  it('a restarted node copies the registry from its peer at start-up, through authentication', async () => {
    await stopNode(B);
    spawnNode(B);
    const stats = await waitUntilWarmedUp(B);
    expect(stats.startupSync.synced).toBeGreaterThanOrEqual(1);
    await waitForInstance(B, 'SECURE-APP', 's-1', 2000);
  });

  it('refuses a peer with a wrong password; it reports 401 without the password', async () => {
    const [port] = await freePorts(1);
    intruder = {
      name: 'I',
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      eureka: `http://127.0.0.1:${port}/eureka`,
      serviceUrl: `http://127.0.0.1:${port}/eureka/`,
      headers: ADMIN,
      env: {
        ...BASE_CLUSTER_ENV,
        ...env,
        PORT: String(port),
        EUREKA_SERVER_REGISTRY_SYNC_RETRIES: '0',
        EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: `http://peer:${WRONG_PEER_PASSWORD}@127.0.0.1:${A.port}/eureka/,http://127.0.0.1:${port}/eureka/`,
      },
      stdout: '',
      stderr: '',
      exited: true,
    };
    spawnNode(intruder);
    await waitUntilWarmedUp(intruder);
    expectStatus(await call(intruder, 'POST', 'apps/INTRUDER', { body: jsonRegistration({ app: 'INTRUDER', id: 'i-1' }) }), 204, 'register on I');
    const { value } = await waitFor(
      'the intruder to report a failed replication to A',
      async () => {
        const p = peerStats(await getStats(intruder!), A);
        return p.lastError ? p : undefined;
      },
      10_000,
    );
    expect(value.lastError).toMatch(/401/);
    expectNoSecret(JSON.stringify(value), 'the intruder\'s stats');
    expect((await call(A, 'GET', 'apps/INTRUDER')).status).toBe(404);
    await waitFor('A to log the refused peer', async () => (/401/.test(A.stdout + A.stderr) ? true : undefined), 5000);
  });

  it('shows no secret in logs, stats, the status page or the dashboard', async () => {
    const pages = await Promise.all([
      http('GET', `${A.eureka}/peerreplication/stats`, { headers: ADMIN }),
      http('GET', `${A.eureka}/status`, { headers: { ...ADMIN, accept: 'application/json' } }),
      http('GET', `${A.baseUrl}/`, { headers: ADMIN }),
      http('GET', `${A.baseUrl}/dashboard/api/overview`, { headers: ADMIN }),
    ]);
    for (const page of pages) expect(page.status).toBe(200);
    expect(pages[2].text).toContain(`127.0.0.1:${B.port}`); // the peer is listed, without its credentials
    pages.forEach((page, i) => expectNoSecret(page.text, `page ${i}`));
    for (const node of [A, B, intruder!]) {
      try {
        expectNoSecret(node.stdout + node.stderr, `${node.name}'s output`);
      } catch (error) {
        throw new Error(`${(error as Error).message}${diag([node])}`);
      }
    }
  });
});
