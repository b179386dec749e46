/**
 * `GET /health` of the BUILT standalone server (Terminus), with peers, as separate processes:
 * 503 while the start-up sync from an unreachable peer keeps the registry closed; in a two-node
 * cluster the peers indicator counts the configured URLs, replication reaches the other node after
 * a registration, and once that node is gone the check turns `degraded` (still 200) naming it.
 *
 * Assumes `npm run build` ran before jest. Every wait is bounded; every node is stopped in afterAll.
 */
import { http } from './support/http-client';
import { Cluster, ClusterNode, call, expectStatus, killNode, spawnNode, startCluster, stopNode, waitFor } from './support/cluster';
import { freePorts } from './support/processes';
import { jsonRegistration } from './support/registration-bodies';

jest.setTimeout(60_000);

interface Health {
  status: string;
  details: Record<string, Record<string, unknown>>;
}

async function health(node: ClusterNode): Promise<{ status: number; body: Health }> {
  const res = await http('GET', `${node.baseUrl}/health`, { timeoutMs: 2000 });
  return { status: res.status, body: JSON.parse(res.text) as Health };
}

describe('GET /health of the built server', () => {
  let cluster: Cluster | undefined;
  let lonely: ClusterNode | undefined;

  afterAll(async () => {
    await cluster?.stopAll();
    await stopNode(lonely);
  });

  it('answers 503 while the start-up sync from an unreachable peer keeps the registry closed, then 200', async () => {
    const [port, deadPeerPort] = await freePorts(2);
    lonely = {
      name: 'lonely',
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      eureka: `http://127.0.0.1:${port}/eureka`,
      serviceUrl: `http://127.0.0.1:${port}/eureka/`,
      env: {
        HOST: '127.0.0.1',
        NO_COLOR: '1',
        PORT: String(port),
        EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: `http://127.0.0.1:${deadPeerPort}/eureka/`,
        EUREKA_SERVER_REGISTRY_SYNC_RETRIES: '2',
        EUREKA_SERVER_REGISTRY_SYNC_RETRY_WAIT_MS: '1500',
        EUREKA_SERVER_PEER_NODE_CONNECT_TIMEOUT_MS: '200',
        EUREKA_SERVER_WAIT_TIME_IN_MS_WHEN_SYNC_EMPTY: '0',
      },
      stdout: '',
      stderr: '',
      exited: true,
    };
    spawnNode(lonely);
    const node = lonely;
    const closed = await waitFor('the first /health answer', async () => (await health(node).catch(() => undefined)), 15_000);
    expect(closed.value.status).toBe(503);
    expect(closed.value.body.details.warmup).toMatchObject({ status: 'down', openForTraffic: false, message: expect.stringMatching(/start-up sync/) });
    expect(closed.value.body.details.peers).toMatchObject({ configured: 1, peers: 1 });
    const open = await waitFor('/health 200', async () => {
      const answer = await health(node);
      return answer.status === 200 ? answer : undefined;
    }, 15_000);
    expect(open.value.body.details.warmup).toMatchObject({ status: 'up', openForTraffic: true });
    await stopNode(lonely);
  });

  it('counts the peers, sees replication reach them, and is degraded (200) naming a peer that stopped answering', async () => {
    cluster = await startCluster({ names: ['A', 'B'] });
    const { A, B } = cluster.byName;
    const first = await health(A);
    expect(first.status).toBe(200);
    // Both URLs are configured on each node; replication skips its own.
    expect(first.body.details.peers).toMatchObject({ status: 'up', configured: 2, peers: 1, unreachable: 0 });

    expectStatus(await call(A, 'POST', 'apps/HEALTH-CHECK', { body: jsonRegistration({ app: 'HEALTH-CHECK', id: 'hc-1' }) }), 204, 'register hc-1 on A');
    await waitFor('A to reach B', async () => ((await health(A)).body.details.peers.reachable === 1 ? true : undefined), 10_000).catch((e: Error) => {
      throw new Error(e.message + cluster!.diag());
    });

    await killNode(B);
    expectStatus(await call(A, 'POST', 'apps/HEALTH-CHECK', { body: jsonRegistration({ app: 'HEALTH-CHECK', id: 'hc-2' }) }), 204, 'register hc-2 on A');
    const degraded = await waitFor('A degraded', async () => {
      const answer = await health(A);
      return answer.body.status === 'degraded' ? answer : undefined;
    }, 10_000);
    expect(degraded.value.status).toBe(200);
    expect(degraded.value.body.details.peers).toMatchObject({
      status: 'degraded',
      reachable: 0,
      unreachable: 1,
      unreachableUrls: [B.serviceUrl],
      message: `replication to ${B.serviceUrl} failed`,
    });
    expect(degraded.value.body.details.warmup).toMatchObject({ status: 'up' });
  });
});
