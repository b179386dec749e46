/**
 * Peer replication across three BUILT standalone servers, each a separate process on 127.0.0.1
 * listing all three service URLs (spec §12): propagation of every client write, re-creation of a
 * missing instance by a heartbeat (404 -> Register), no replication loops, timestamp conflicts
 * (404 / 409 handling, §7.5 + §12.2), and the batch endpoint's wire shapes (§12.3, §12.4).
 *
 * Assumes `npm run build` ran before jest. Every wait is bounded; the nodes are stopped in afterAll
 * (SIGTERM, SIGKILL after 2 s) even when a test fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Cluster,
  ClusterNode,
  ROOT,
  ReplicationStats,
  call,
  expectStatus,
  getInstance,
  getStats,
  peerStats,
  readInstance,
  sleep,
  startCluster,
  waitForAbsence,
  waitForInstance,
  waitUntilQuiet,
} from './support/cluster';
import { http } from './support/http-client';
import { jsonRegistration } from './support/registration-bodies';

// A bound for the whole test on a loaded machine; the waits inside follow the nodes' progress.
jest.setTimeout(240_000);

/** Propagation budget for one write (batching delay is 500 ms). */
const PROPAGATION_MS = 3000;
/** Writes that need two replication round trips (heartbeat -> 404/409 -> register). */
const REPAIR_MS = 5000;
/** Long enough for a (wrongly) forwarded write to have arrived: > batching delay + a round trip. */
const ECHO_WINDOW_MS = 1500;

const T1 = 1_700_000_001_000;
const T2 = 1_700_000_002_000;
const T3 = 1_700_000_003_000;

describe('peer replication between three built servers', () => {
  let cluster: Cluster;
  let A: ClusterNode;
  let B: ClusterNode;
  let C: ClusterNode;

  beforeAll(async () => {
    cluster = await startCluster();
    ({ A, B, C } = cluster.byName as { A: ClusterNode; B: ClusterNode; C: ClusterNode });
  });

  afterAll(async () => {
    await cluster?.stopAll();
  });

  /** Appends the nodes' output to a failure. */
  async function withDiag(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      if (error instanceof Error && cluster) error.message += cluster.diag();
      throw error;
    }
  }

  async function register(node: ClusterNode, app: string, id: string, extra: { ip?: string; lastDirtyTimestamp?: number; replication?: boolean; status?: string } = {}) {
    const res = await call(node, 'POST', `apps/${app}`, {
      body: jsonRegistration({ app, id, ip: extra.ip, lastDirtyTimestamp: extra.lastDirtyTimestamp, status: extra.status }),
      replication: extra.replication,
    });
    expectStatus(res, 204, `POST ${node.name} apps/${app} (${id})${extra.replication ? ' [replication]' : ''}`);
  }

  it('the stats endpoint lists the two other nodes as peers (never the node itself)', async () => {
    await withDiag(async () => {
      for (const node of [A, B, C]) {
        const stats = await getStats(node);
        expect(stats.warmedUp).toBe(true);
        const others = [A, B, C].filter((n) => n !== node);
        expect(stats.peers.map((p) => Number(new URL(p.url).port)).sort()).toEqual(others.map((n) => n.port).sort());
        for (const p of stats.peers) {
          for (const key of ['queued', 'inFlight', 'highWaterMark', 'dropped', 'expired', 'failed', 'retried', 'sentBatches', 'sentItems'] as const) {
            expect(typeof p[key]).toBe('number');
          }
          expect(typeof p.reachable).toBe('boolean');
        }
        expect(typeof stats.received.batches).toBe('number');
        expect(typeof stats.received.items).toBe('number');
        expect(typeof stats.startupSync.synced).toBe('number');
        expect(typeof stats.startupSync.attempts).toBe('number');
      }
    });
  });

  it('a registration on A shows on B and C within 3 s; renew, metadata, status override, override deletion and cancel on B reach A and C', async () => {
    await withDiag(async () => {
      const app = 'CL-BASIC';
      const id = 'cl-basic-1';
      await register(A, app, id);
      const [onB, onC] = await Promise.all([waitForInstance(B, app, id, PROPAGATION_MS), waitForInstance(C, app, id, PROPAGATION_MS)]);
      console.log(`register A -> visible on B after ${onB.elapsedMs} ms, on C after ${onC.elapsedMs} ms`);
      expect(onB.value).toMatchObject({ instanceId: id, app, status: 'UP', ipAddr: '10.1.0.1' });
      expect(onC.value).toMatchObject({ instanceId: id, app, status: 'UP', ipAddr: '10.1.0.1' });

      // Renew on B: the lease on A and C is renewed too (lastRenewalTimestamp moves forward).
      const renewedBefore = {
        A: Number((await readInstance(A, app, id))!.leaseInfo.lastRenewalTimestamp),
        C: Number((await readInstance(C, app, id))!.leaseInfo.lastRenewalTimestamp),
      };
      await sleep(20);
      expectStatus(await call(B, 'PUT', `apps/${app}/${id}`), 200, `PUT ${B.name} apps/${app}/${id} (heartbeat)`);
      for (const node of [A, C]) {
        const before = node === A ? renewedBefore.A : renewedBefore.C;
        await waitForInstance(node, app, id, PROPAGATION_MS, (i) => Number(i.leaseInfo.lastRenewalTimestamp) > before);
      }

      // Metadata on B (replicated as a Register of B's record).
      expectStatus(await call(B, 'PUT', `apps/${app}/${id}/metadata?build=42`), 200, `PUT ${B.name} metadata?build=42`);
      await Promise.all([A, C].map((n) => waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.metadata?.build === '42')));

      // Status override on B.
      expectStatus(await call(B, 'PUT', `apps/${app}/${id}/status?value=OUT_OF_SERVICE`), 200, `PUT ${B.name} status?value=OUT_OF_SERVICE`);
      await Promise.all(
        [A, C].map((n) =>
          waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.status === 'OUT_OF_SERVICE' && i.overriddenStatus === 'OUT_OF_SERVICE'),
        ),
      );

      // Override deletion on B without a value: status becomes UNKNOWN everywhere (spec §7.7).
      expectStatus(await call(B, 'DELETE', `apps/${app}/${id}/status`), 200, `DELETE ${B.name} apps/${app}/${id}/status`);
      await Promise.all(
        [A, C].map((n) => waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.status === 'UNKNOWN' && i.overriddenStatus === 'UNKNOWN')),
      );

      // Cancel on B.
      expectStatus(await call(B, 'DELETE', `apps/${app}/${id}`), 200, `DELETE ${B.name} apps/${app}/${id}`);
      await Promise.all([A, C].map((n) => waitForAbsence(n, app, id, PROPAGATION_MS)));
    });
  });

  it('a heartbeat on A re-creates the instance on a peer that lacks it (peer 404 -> sender re-registers)', async () => {
    await withDiag(async () => {
      const app = 'CL-HEAL';
      const id = 'cl-heal-1';
      await register(A, app, id);
      await Promise.all([waitForInstance(B, app, id, PROPAGATION_MS), waitForInstance(C, app, id, PROPAGATION_MS)]);

      // Remove it from C only: a cancel marked as replication is applied locally and not forwarded.
      expectStatus(await call(C, 'DELETE', `apps/${app}/${id}`, { replication: true }), 200, `DELETE ${C.name} apps/${app}/${id} [replication]`);
      expect((await getInstance(C, app, id)).status).toBe(404);
      await sleep(ECHO_WINDOW_MS);
      expect((await getInstance(A, app, id)).status).toBe(200);
      expect((await getInstance(B, app, id)).status).toBe(200);
      expect((await getInstance(C, app, id)).status).toBe(404);

      expectStatus(await call(A, 'PUT', `apps/${app}/${id}`), 200, `PUT ${A.name} apps/${app}/${id} (heartbeat)`);
      const back = await waitForInstance(C, app, id, REPAIR_MS);
      console.log(`heartbeat on A -> instance back on C after ${back.elapsedMs} ms`);
      expect(back.value).toMatchObject({ instanceId: id, app, status: 'UP', ipAddr: '10.1.0.1' });
    });
  });

  it('writes that arrive as replication are never forwarded: a burst on A causes no sends from B or C and nothing reaches A', async () => {
    await withDiag(async () => {
      const app = 'CL-LOOP';
      const ids = Array.from({ length: 10 }, (_, i) => `cl-loop-${i}`);
      await waitUntilQuiet([A, B, C]);
      const before = await Promise.all([A, B, C].map((n) => getStats(n)));

      // 30 client writes, all on A.
      for (const id of ids) await register(A, app, id);
      for (const id of ids) expectStatus(await call(A, 'PUT', `apps/${app}/${id}`), 200, `PUT ${A.name} heartbeat ${id}`);
      for (const id of ids.slice(0, 5)) {
        expectStatus(await call(A, 'PUT', `apps/${app}/${id}/status?value=OUT_OF_SERVICE`), 200, `PUT ${A.name} status ${id}`);
      }
      for (const id of ids.slice(5)) {
        expectStatus(await call(A, 'PUT', `apps/${app}/${id}/metadata?loop=no`), 200, `PUT ${A.name} metadata ${id}`);
      }
      const writes = ids.length * 3;

      for (const node of [B, C]) {
        for (const id of ids.slice(0, 5)) await waitForInstance(node, app, id, PROPAGATION_MS, (i) => i.status === 'OUT_OF_SERVICE');
        for (const id of ids.slice(5)) await waitForInstance(node, app, id, PROPAGATION_MS, (i) => i.metadata?.loop === 'no');
      }
      await waitUntilQuiet([A, B, C]);
      await sleep(ECHO_WINDOW_MS);
      const after = await Promise.all([A, B, C].map((n) => getStats(n)));
      const [a0, b0, c0] = before;
      const [a1, b1, c1] = after;

      const sent = (s: ReplicationStats, peer: ClusterNode) => peerStats(s, peer).sentItems;
      const batches = (s: ReplicationStats, peer: ClusterNode) => peerStats(s, peer).sentBatches;
      const deltas = {
        'B->A items': sent(b1, A) - sent(b0, A),
        'B->C items': sent(b1, C) - sent(b0, C),
        'C->A items': sent(c1, A) - sent(c0, A),
        'C->B items': sent(c1, B) - sent(c0, B),
        'B->A batches': batches(b1, A) - batches(b0, A),
        'B->C batches': batches(b1, C) - batches(b0, C),
        'C->A batches': batches(c1, A) - batches(c0, A),
        'C->B batches': batches(c1, B) - batches(c0, B),
        'A received items': a1.received.items - a0.received.items,
        'A received batches': a1.received.batches - a0.received.batches,
      };
      console.log(
        `no-loop burst of ${writes} writes on A: A->B ${sent(a1, B) - sent(a0, B)} items, A->C ${sent(a1, C) - sent(a0, C)} items; ` +
          `B received ${b1.received.items - b0.received.items}, C received ${c1.received.items - c0.received.items}; ${JSON.stringify(deltas)}`,
      );
      expect(deltas).toEqual({
        'B->A items': 0,
        'B->C items': 0,
        'C->A items': 0,
        'C->B items': 0,
        'B->A batches': 0,
        'B->C batches': 0,
        'C->A batches': 0,
        'C->B batches': 0,
        'A received items': 0,
        'A received batches': 0,
      });
      // Sanity: the burst did travel A -> B and A -> C (tasks with the same id may be merged, so <= writes).
      for (const [s0, s1, peer] of [[a0, a1, B], [a0, a1, C]] as const) {
        const d = sent(s1, peer) - sent(s0, peer);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(writes);
      }
      for (const [s0, s1] of [[b0, b1], [c0, c1]] as const) {
        const d = s1.received.items - s0.received.items;
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(writes);
      }
    });
  });

  describe('timestamp conflicts (spec §7.5, §12.2)', () => {
    it('a peer holding an OLDER copy answers the replicated heartbeat with 404 and receives the sender\'s record', async () => {
      await withDiag(async () => {
        const app = 'CL-CONFLICT';
        const id = 'cl-conflict-older';
        await register(A, app, id, { ip: '10.2.2.2', lastDirtyTimestamp: T2 });
        await Promise.all(
          [B, C].map((n) => waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.lastDirtyTimestamp === String(T2))),
        );

        // Give C an older, different copy (replication writes: applied on C only).
        expectStatus(await call(C, 'DELETE', `apps/${app}/${id}`, { replication: true }), 200, `DELETE ${C.name} ${id} [replication]`);
        await register(C, app, id, { ip: '10.1.1.1', lastDirtyTimestamp: T1, replication: true });
        expect(await readInstance(C, app, id)).toMatchObject({ ipAddr: '10.1.1.1', lastDirtyTimestamp: String(T1) });
        await sleep(ECHO_WINDOW_MS);
        expect(await readInstance(A, app, id)).toMatchObject({ ipAddr: '10.2.2.2', lastDirtyTimestamp: String(T2) });
        expect(await readInstance(B, app, id)).toMatchObject({ ipAddr: '10.2.2.2', lastDirtyTimestamp: String(T2) });

        // Heartbeat on A: A -> C heartbeat carries T2 > T1 -> C answers 404 -> A re-registers its copy on C.
        expectStatus(await call(A, 'PUT', `apps/${app}/${id}?status=UP&lastDirtyTimestamp=${T2}`), 200, `PUT ${A.name} ${id}?lastDirtyTimestamp=T2`);
        const fixed = await waitForInstance(C, app, id, REPAIR_MS, (i) => i.ipAddr === '10.2.2.2' && i.lastDirtyTimestamp === String(T2));
        console.log(`older copy on C replaced by A's record after ${fixed.elapsedMs} ms`);
        expect(await readInstance(A, app, id)).toMatchObject({ ipAddr: '10.2.2.2', lastDirtyTimestamp: String(T2) });
      });
    });

    it('a peer holding a NEWER copy answers 409 with its copy, which the sender adopts (as replication: not forwarded); the next heartbeat brings it to the third node', async () => {
      await withDiag(async () => {
        const app = 'CL-CONFLICT';
        const id = 'cl-conflict-newer';
        await register(A, app, id, { ip: '10.2.2.2', lastDirtyTimestamp: T2 });
        await Promise.all(
          [B, C].map((n) => waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.lastDirtyTimestamp === String(T2))),
        );

        // A newer copy on C only (a newer lastDirtyTimestamp replaces the stored record, §7.3).
        await register(C, app, id, { ip: '10.3.3.3', lastDirtyTimestamp: T3, replication: true });
        expect(await readInstance(C, app, id)).toMatchObject({ ipAddr: '10.3.3.3', lastDirtyTimestamp: String(T3) });
        await sleep(ECHO_WINDOW_MS);
        expect(await readInstance(A, app, id)).toMatchObject({ ipAddr: '10.2.2.2', lastDirtyTimestamp: String(T2) });

        // Heartbeat on A with T2: C has T3 > T2 -> 409 + C's copy -> A registers C's copy locally.
        expectStatus(await call(A, 'PUT', `apps/${app}/${id}?status=UP&lastDirtyTimestamp=${T2}`), 200, `PUT ${A.name} ${id}?lastDirtyTimestamp=T2`);
        const adopted = await waitForInstance(A, app, id, REPAIR_MS, (i) => i.ipAddr === '10.3.3.3' && i.lastDirtyTimestamp === String(T3));
        console.log(`A adopted C's newer copy after ${adopted.elapsedMs} ms`);

        // The adoption is a replication write on A: not forwarded, so B still has T2 ...
        await sleep(ECHO_WINDOW_MS);
        expect(await readInstance(B, app, id)).toMatchObject({ ipAddr: '10.2.2.2', lastDirtyTimestamp: String(T2) });
        // ... until A's next heartbeat: B answers 404 (A's T3 is newer) and A re-registers on B.
        expectStatus(await call(A, 'PUT', `apps/${app}/${id}`), 200, `PUT ${A.name} ${id} (heartbeat)`);
        await waitForInstance(B, app, id, REPAIR_MS, (i) => i.ipAddr === '10.3.3.3' && i.lastDirtyTimestamp === String(T3));
        expect(await readInstance(C, app, id)).toMatchObject({ ipAddr: '10.3.3.3', lastDirtyTimestamp: String(T3) });
      });
    });

    it('on 409 the sender also adopts the peer\'s status override (overriddenStatus != UNKNOWN)', async () => {
      await withDiag(async () => {
        const app = 'CL-CONFLICT';
        const id = 'cl-conflict-override';
        await register(A, app, id, { ip: '10.2.2.2', lastDirtyTimestamp: T2 });
        await Promise.all(
          [B, C].map((n) => waitForInstance(n, app, id, PROPAGATION_MS, (i) => i.lastDirtyTimestamp === String(T2))),
        );

        const newer = JSON.parse(jsonRegistration({ app, id, ip: '10.3.3.3', lastDirtyTimestamp: T3, status: 'OUT_OF_SERVICE' }));
        newer.instance.overriddenStatus = 'OUT_OF_SERVICE';
        expectStatus(
          await call(C, 'POST', `apps/${app}`, { body: JSON.stringify(newer), replication: true }),
          204,
          `POST ${C.name} apps/${app} (${id}, overriddenStatus OUT_OF_SERVICE) [replication]`,
        );
        expect(await readInstance(C, app, id)).toMatchObject({ status: 'OUT_OF_SERVICE', overriddenStatus: 'OUT_OF_SERVICE', lastDirtyTimestamp: String(T3) });

        expectStatus(await call(A, 'PUT', `apps/${app}/${id}?status=UP&lastDirtyTimestamp=${T2}`), 200, `PUT ${A.name} ${id}?lastDirtyTimestamp=T2`);
        await waitForInstance(A, app, id, REPAIR_MS, (i) => i.lastDirtyTimestamp === String(T3));
        expect(await readInstance(A, app, id)).toMatchObject({
          ipAddr: '10.3.3.3',
          status: 'OUT_OF_SERVICE',
          overriddenStatus: 'OUT_OF_SERVICE',
        });
      });
    });
  });

  describe('POST /eureka/peerreplication/batch wire shapes', () => {
    const ORDERS_1 = 'orders-1.internal:orders:8080';

    it('answers the reference request fixture with one reference-shaped entry per item, and forwards nothing', async () => {
      await withDiag(async () => {
        const fixture = readFileSync(join(ROOT, 'libs', 'eureka-protocol', 'fixtures', 'replication', 'batch-request.json'), 'utf8');
        // Headers as a Java peer sends them (no replication header, trailing slash).
        const res = await http('POST', `${C.eureka}/peerreplication/batch/`, {
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'discoveryidentity-name': 'DefaultServer',
            'discoveryidentity-version': '1.0',
            'discoveryidentity-id': '127.0.0.1',
          },
          body: fixture,
        });
        expectStatus(res, 200, `POST ${C.name} peerreplication/batch/ (fixture)`);
        expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
        const body = JSON.parse(res.text);
        expect(Object.keys(body)).toEqual(['responseList']);
        expect(body.responseList).toHaveLength(5);
        for (const entry of body.responseList) expect(typeof entry.statusCode).toBe('number');
        // Fresh instance on C: Register always 200; Heartbeat with C == S -> 200 (no responseEntity);
        // Cancel of the unknown orders-9 -> 404; StatusUpdate 200; DeleteStatusOverride 200.
        expect(body.responseList).toEqual([
          { statusCode: 200 },
          { statusCode: 200 },
          { statusCode: 404 },
          { statusCode: 200 },
          { statusCode: 200 },
        ]);

        // The items were applied on C: registered, override set then deleted with value UNKNOWN.
        expect(await readInstance(C, 'ORDERS', ORDERS_1)).toMatchObject({
          instanceId: ORDERS_1,
          app: 'ORDERS',
          ipAddr: '10.0.0.12',
          status: 'UNKNOWN',
          overriddenStatus: 'UNKNOWN',
          lastDirtyTimestamp: '1699999999000',
        });
        // ... and, being replication, not forwarded.
        await sleep(ECHO_WINDOW_MS);
        expect((await getInstance(A, 'ORDERS', ORDERS_1)).status).toBe(404);
        expect((await getInstance(B, 'ORDERS', ORDERS_1)).status).toBe(404);
      });
    });

    it('rejects an unknown action with 400 naming the field, and applies nothing of that batch', async () => {
      await withDiag(async () => {
        const res = await http('POST', `${C.eureka}/peerreplication/batch`, {
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            replicationList: [
              { appName: 'ORDERS', id: ORDERS_1, action: 'Cancel' },
              { appName: 'ORDERS', id: ORDERS_1, action: 'Explode' },
            ],
          }),
        });
        expect({ status: res.status, namesField: /action/i.test(res.text), body: res.text }).toMatchObject({ status: 400, namesField: true });
        expect((await getInstance(C, 'ORDERS', ORDERS_1)).status).toBe(200);
      });
    });

    it('rejects an unknown property inside an item with 400 naming it', async () => {
      await withDiag(async () => {
        const res = await http('POST', `${C.eureka}/peerreplication/batch/`, {
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ replicationList: [{ appName: 'ORDERS', id: ORDERS_1, action: 'Cancel', bogusField: 1 }] }),
        });
        expect({ status: res.status, namesField: res.text.includes('bogusField'), body: res.text }).toMatchObject({ status: 400, namesField: true });
        expect((await getInstance(C, 'ORDERS', ORDERS_1)).status).toBe(200);
      });
    });
  });
});
