/**
 * A peer dies under load and comes back (spec §12.2 queue bound, §12.5 start-up sync), with three
 * BUILT standalone servers as separate processes on 127.0.0.1 and a small replication queue bound.
 *
 * 1. Load on A and B (20 instances heartbeating every 100 ms for 5 s, 10 registrations on B, and
 *    250 registrations on A after C is gone, so A's queue for C must overflow); C is SIGKILLed
 *    0.5 s into the load. Every client request to A/B succeeds, p99 < 200 ms; the queues for C
 *    never exceed the bound; nothing is lost on A and B.
 * 2. C restarts on the same port: it copies the whole registry from A/B before it is warmed up,
 *    serves every instance, and then receives new writes again.
 *
 * Every wait is bounded; the nodes are stopped in afterAll (SIGTERM, SIGKILL after 2 s).
 */
import {
  Cluster,
  ClusterNode,
  PeerStats,
  call,
  expectStatus,
  getStats,
  peerStats,
  percentile,
  registryIds,
  sleep,
  spawnNode,
  startCluster,
  waitFor,
  waitForInstance,
  waitUntilWarmedUp,
  killNode,
} from './support/cluster';
import { jsonRegistration } from './support/registration-bodies';

// A bound for the whole test on a loaded machine; the waits inside follow the nodes' progress.
jest.setTimeout(240_000);

const BOUND = 200;
const HEARTBEATERS = 20;
const HEARTBEAT_EVERY_MS = 100;
const LOAD_MS = 5000;
const KILL_AT_MS = 500;
const REGISTRATIONS_ON_A_AFTER_KILL = 250;
const REGISTRATIONS_ON_B = 10;
const P99_BUDGET_MS = 200;

interface Sample {
  node: string;
  what: string;
  status: number;
  ms: number;
  error?: string;
}

describe('a dead peer under load, then restarted', () => {
  let cluster: Cluster;
  let A: ClusterNode;
  let B: ClusterNode;
  let C: ClusterNode;
  /** Every APP/id registered by this suite. */
  const expected = new Set<string>();

  beforeAll(async () => {
    cluster = await startCluster({ env: { EUREKA_SERVER_MAX_ELEMENTS_IN_PEER_REPLICATION_POOL: String(BOUND) } });
    ({ A, B, C } = cluster.byName as { A: ClusterNode; B: ClusterNode; C: ClusterNode });
  });

  afterAll(async () => {
    await cluster?.stopAll();
  });

  async function withDiag(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      if (error instanceof Error && cluster) error.message += cluster.diag();
      throw error;
    }
  }

  async function timed(samples: Sample[], node: ClusterNode, what: string, method: string, path: string, body?: string): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      const res = await call(node, method, path, { body, timeoutMs: 3000 });
      samples.push({ node: node.name, what, status: res.status, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    } catch (error) {
      samples.push({ node: node.name, what, status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, error: (error as Error).message });
    }
  }

  it('C killed during load: A and B keep answering fast, queues stay bounded, nothing is lost on A and B', async () => {
    await withDiag(async () => {
      // 20 instances, half living on A and half on B, known to all three nodes before the load.
      const beaters = Array.from({ length: HEARTBEATERS }, (_, i) => ({ app: 'DP-BEAT', id: `dp-beat-${i}`, home: i % 2 === 0 ? A : B }));
      for (const b of beaters) {
        expectStatus(await call(b.home, 'POST', `apps/${b.app}`, { body: jsonRegistration({ app: b.app, id: b.id }) }), 204, `POST ${b.home.name} apps/${b.app} ${b.id}`);
        expected.add(`${b.app}/${b.id}`);
      }
      for (const b of beaters) await waitForInstance(C, b.app, b.id, 3000);

      const samples: Sample[] = [];
      const queueSamples: Array<{ node: string; queued: number; highWaterMark: number }> = [];
      const started = Date.now();
      const until = started + LOAD_MS;
      let killedAt = 0;

      const heartbeatLoop = async (b: (typeof beaters)[number]) => {
        let next = Date.now();
        while (next < until) {
          await timed(samples, b.home, 'heartbeat', 'PUT', `apps/${b.app}/${b.id}`);
          next += HEARTBEAT_EVERY_MS;
          await sleep(Math.max(0, next - Date.now()));
        }
      };
      const registrationsOnB = async () => {
        for (let i = 0; i < REGISTRATIONS_ON_B; i++) {
          await sleep(LOAD_MS / (REGISTRATIONS_ON_B + 1));
          const id = `dp-b-${i}`;
          await timed(samples, B, 'register', 'POST', 'apps/DP-REG-B', jsonRegistration({ app: 'DP-REG-B', id }));
          expected.add(`DP-REG-B/${id}`);
        }
      };
      const killThenRegisterOnA = async () => {
        await sleep(KILL_AT_MS);
        await killNode(C);
        killedAt = Date.now() - started;
        const spacing = (LOAD_MS - KILL_AT_MS - 500) / REGISTRATIONS_ON_A_AFTER_KILL;
        let next = Date.now();
        for (let i = 0; i < REGISTRATIONS_ON_A_AFTER_KILL; i++) {
          const id = `dp-a-${i}`;
          await timed(samples, A, 'register', 'POST', 'apps/DP-REG-A', jsonRegistration({ app: 'DP-REG-A', id }));
          expected.add(`DP-REG-A/${id}`);
          next += spacing;
          await sleep(Math.max(0, next - Date.now()));
        }
      };
      const watchQueues = async () => {
        while (Date.now() < until + 500) {
          for (const node of [A, B]) {
            try {
              const p = peerStats(await getStats(node), C);
              queueSamples.push({ node: node.name, queued: p.queued, highWaterMark: p.highWaterMark });
            } catch (error) {
              samples.push({ node: node.name, what: 'stats', status: 0, ms: 0, error: (error as Error).message });
            }
          }
          await sleep(250);
        }
      };
      await Promise.all([...beaters.map(heartbeatLoop), registrationsOnB(), killThenRegisterOnA(), watchQueues()]);

      const failures = samples.filter((s) => s.status < 200 || s.status >= 300);
      const latencies = samples.map((s) => s.ms);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const max = Math.max(...latencies);
      const [statsA, statsB] = await Promise.all([getStats(A), getStats(B)]);
      const toC: Record<string, PeerStats> = { A: peerStats(statsA, C), B: peerStats(statsB, C) };
      console.log(
        `dead peer: C SIGKILLed at ${killedAt} ms; ${samples.length} client requests to A/B, ${failures.length} failed; ` +
          `latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
          `max queued seen for C: A ${Math.max(0, ...queueSamples.filter((q) => q.node === 'A').map((q) => q.queued))}, ` +
          `B ${Math.max(0, ...queueSamples.filter((q) => q.node === 'B').map((q) => q.queued))}; ` +
          `A->C ${JSON.stringify(toC.A)}; B->C ${JSON.stringify(toC.B)}`,
      );

      expect(failures.slice(0, 5)).toEqual([]);
      expect(samples.length).toBeGreaterThanOrEqual(HEARTBEATERS * (LOAD_MS / HEARTBEAT_EVERY_MS) * 0.8);
      expect(p99).toBeLessThan(P99_BUDGET_MS);

      for (const q of queueSamples) expect(q.queued).toBeLessThanOrEqual(BOUND);
      for (const name of ['A', 'B']) {
        expect({ node: name, queued: toC[name].queued <= BOUND, highWaterMark: toC[name].highWaterMark <= BOUND }).toEqual({
          node: name,
          queued: true,
          highWaterMark: true,
        });
        expect(toC[name].reachable).toBe(false);
      }
      // A got > BOUND distinct tasks for C after C died (250 registrations + 10 heartbeat ids): the
      // queue filled up and the oldest were dropped.
      expect(toC.A.highWaterMark).toBeGreaterThan(BOUND / 2);
      expect(toC.A.dropped).toBeGreaterThan(0);

      // Nothing lost on the live nodes.
      await waitFor(
        `all ${expected.size} instances on A and B`,
        async () => {
          for (const node of [A, B]) {
            const ids = await registryIds(node);
            if ([...expected].some((k) => !ids.has(k))) return undefined;
          }
          return true;
        },
        3000,
        100,
      ).catch(async (error: Error) => {
        const missing: string[] = [];
        for (const node of [A, B]) {
          const ids = await registryIds(node);
          for (const k of expected) if (!ids.has(k)) missing.push(`${node.name}:${k}`);
        }
        error.message += `; missing (first 20 of ${missing.length}): ${missing.slice(0, 20).join(', ')}`;
        throw error;
      });
    });
  });

  it('C restarted on the same port copies the whole registry before it is warmed up, serves every instance, then catches up', async () => {
    await withDiag(async () => {
      expect(expected.size).toBe(HEARTBEATERS + REGISTRATIONS_ON_B + REGISTRATIONS_ON_A_AFTER_KILL);
      const restartedAt = Date.now();
      spawnNode(C);
      const stats = await waitUntilWarmedUp(C);
      console.log(
        `restarted C warmed up after ${Date.now() - restartedAt} ms: startupSync ${JSON.stringify(stats.startupSync)} for ${expected.size} instances`,
      );
      expect(stats.warmedUp).toBe(true);
      expect(stats.startupSync.synced).toBeGreaterThanOrEqual(expected.size);
      expect(stats.startupSync.attempts).toBeGreaterThanOrEqual(1);

      const ids = await registryIds(C);
      const missing = [...expected].filter((k) => !ids.has(k));
      expect({ missing: missing.slice(0, 20), count: missing.length }).toEqual({ missing: [], count: 0 });

      // A and B reach C again and drain what they had queued for it.
      await waitFor(
        'A and B to see C reachable with nothing queued',
        async () => {
          for (const node of [A, B]) {
            const p = peerStats(await getStats(node), C);
            if (!p.reachable || p.queued > 0 || p.inFlight > 0) return undefined;
          }
          return true;
        },
        10_000,
        100,
      );

      // New writes reach C again, from both live nodes.
      expectStatus(await call(A, 'POST', 'apps/DP-AFTER', { body: jsonRegistration({ app: 'DP-AFTER', id: 'dp-after-a' }) }), 204, 'POST A apps/DP-AFTER');
      expectStatus(await call(B, 'POST', 'apps/DP-AFTER', { body: jsonRegistration({ app: 'DP-AFTER', id: 'dp-after-b' }) }), 204, 'POST B apps/DP-AFTER');
      const [fromA, fromB] = await Promise.all([
        waitForInstance(C, 'DP-AFTER', 'dp-after-a', 3000),
        waitForInstance(C, 'DP-AFTER', 'dp-after-b', 3000),
      ]);
      console.log(`after restart: write on A visible on C after ${fromA.elapsedMs} ms, write on B after ${fromB.elapsedMs} ms`);
      expectStatus(await call(A, 'DELETE', 'apps/DP-AFTER/dp-after-a'), 200, 'DELETE A apps/DP-AFTER/dp-after-a');
      await waitFor('dp-after-a to be cancelled on C', async () => ((await call(C, 'GET', 'apps/DP-AFTER/dp-after-a')).status === 404 ? true : undefined), 3000, 25);
    });
  });
});
