/**
 * A partition that silences 60% of the clients, over real HTTP: 100 instances register with their
 * own lease timings (JSON and XML bodies), the live ones heartbeat through the REST API, and the
 * server's clock is a manual one moved a second per step, so minutes pass in seconds on any
 * machine. Eviction runs after every simulated second with no grace. With 10 s and with 90 s
 * leases nothing may be evicted, the threshold must stay where it was, and the dashboard must show
 * the self-preservation banner; with 10% silent, the silent ones must go.
 */
import { http } from './support/http-client';
import { JSON_HEADERS, XML_HEADERS, jsonRegistration, xmlRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

jest.setTimeout(120_000);

interface Timing {
  renewalIntervalInSecs: number;
  durationInSecs: number;
}

const SHORT: Timing = { renewalIntervalInSecs: 5, durationInSecs: 10 };
const DEFAULT: Timing = { renewalIntervalInSecs: 30, durationInSecs: 90 };
const INSTANCES = 100;

async function overview(server: RunningServer) {
  return JSON.parse((await http('GET', `${server.baseUrl}/dashboard/api/overview`)).text);
}

/**
 * Registers INSTANCES clients with `lease`, simulates `warmupSecs` with all of them heartbeating,
 * then `partitionSecs` with the first `silentShare` of them silent. Returns what was evicted.
 */
async function partition(server: RunningServer, lease: Timing, silentShare: number, warmupSecs: number, partitionSecs: number) {
  const clock = server.clock!;
  const clients = Array.from({ length: INSTANCES }, (_, i) => ({
    app: `PART-${i % 5}`,
    id: `p-${i}`,
    phase: i % lease.renewalIntervalInSecs,
    silent: i < INSTANCES * silentShare,
  }));
  for (const [i, c] of clients.entries()) {
    const xml = i % 2 === 1;
    const body = (xml ? xmlRegistration : jsonRegistration)({ app: c.app, id: c.id, lease });
    const res = await http('POST', `${server.eureka}/apps/${c.app}`, { headers: xml ? XML_HEADERS : JSON_HEADERS, body });
    expect(res.status).toBe(204);
  }
  let evicted = 0;
  const step = async (second: number, partitioned: boolean) => {
    clock.advance(1000);
    const due = clients.filter((c) => !(partitioned && c.silent) && (second + c.phase) % lease.renewalIntervalInSecs === 0);
    const statuses = await Promise.all(due.map(async (c) => (await http('PUT', `${server.eureka}/apps/${c.app}/${c.id}?status=UP&lastDirtyTimestamp=1700000000000`)).status));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    evicted += server.registry.evict(0);
  };
  let second = 0;
  for (; second < warmupSecs; second++) await step(second, false);
  const before = {
    leaseExpirationEnabled: server.registry.isLeaseExpirationEnabled(),
    expected: server.registry.selfPreservation.expectedNumberOfClientsSendingRenews,
    threshold: server.registry.selfPreservation.numberOfRenewsPerMinThreshold,
    evicted,
  };
  for (; second < warmupSecs + partitionSecs; second++) await step(second, true);
  const present = (c: (typeof clients)[number]) => server.registry.leasesOf(c.app)?.has(c.id) ?? false;
  return {
    before,
    evicted,
    silentLeft: clients.filter((c) => c.silent && present(c)).length,
    liveLeft: clients.filter((c) => !c.silent && present(c)).length,
    expected: server.registry.selfPreservation.expectedNumberOfClientsSendingRenews,
    threshold: server.registry.selfPreservation.numberOfRenewsPerMinThreshold,
  };
}

describe.each(ADAPTERS)('self-preservation through a partition, over HTTP on %s', (adapter) => {
  let server: RunningServer;
  beforeEach(async () => {
    // No eviction timer in the way: the test runs the pass itself after every simulated second.
    server = await startServer(adapter, { waitTimeInMsWhenSyncEmpty: 0, evictionIntervalTimerInMs: 3_600_000 }, { manualClock: true });
  });
  afterEach(() => server?.close());

  it.each([
    ['10 s leases, heartbeats every 5 s', SHORT, 60, 120],
    ['90 s leases, heartbeats every 30 s', DEFAULT, 120, 420],
  ])('%s, 60%% silent: none evicted, threshold unchanged, banner shown', async (_name, lease, warmup, silence) => {
    const o = await partition(server, lease, 0.6, warmup, silence);
    expect(o.before).toMatchObject({ leaseExpirationEnabled: true, evicted: 0 });
    expect({ evicted: o.evicted, silentLeft: o.silentLeft, liveLeft: o.liveLeft }).toEqual({ evicted: 0, silentLeft: 60, liveLeft: 40 });
    expect([o.expected, o.threshold]).toEqual([o.before.expected, o.before.threshold]);
    const view = await overview(server);
    expect(view.system).toMatchObject({ leaseExpirationEnabled: false, renewsWindowSeconds: lease.durationInSecs < 60 ? lease.durationInSecs : 60 });
    expect(view.banner).toMatchObject({ kind: 'emergency' });
  });

  it('10 s leases, 10% silent: the silent ones are evicted, the live ones stay', async () => {
    const o = await partition(server, SHORT, 0.1, 60, 60);
    expect({ silentLeft: o.silentLeft, liveLeft: o.liveLeft, evicted: o.evicted }).toEqual({ silentLeft: 0, liveLeft: 90, evicted: 10 });
    expect((await overview(server)).banner).toBeNull();
  });
});
