import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions } from '../config/eureka-server.options';
import { EvictionJob } from '../jobs/eviction.job';
import { instance, newRegistry } from './testing/instance.fixture';

interface Fleet {
  count: number;
  durationSecs: number;
  intervalSecs: number;
}

interface Partition {
  fleets: Fleet[];
  /** Share of every fleet that goes silent at once (the first ones of each). */
  silentShare: number;
  evictionEverySecs: number;
  options?: Partial<EurekaServerOptions>;
  seed?: number;
}

interface Outcome {
  registered: number;
  silent: number;
  /** Expiration was enabled just before the partition: eviction worked while all renewed. */
  expirationEnabledBefore: boolean;
  expectedClientsBefore: number;
  thresholdBefore: number;
  evictedPerRun: number[];
  /** The reference's cap for each run: size - floor(size x percent), at the time of the run. */
  capPerRun: number[];
  silentLeft: number;
  liveLeft: number;
  expectedClientsAfter: number;
  thresholdAfter: number;
}

/** A seeded generator (mulberry32): the same phases on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Simulated time on a ManualClock, one second a step: every instance renews at its own interval
 * (at a random phase), the eviction job runs at its interval, and after a warm-up
 * of 5 minutes with everyone renewing, `silentShare` of each fleet stops renewing for 10 minutes.
 */
function runPartition(p: Partition): Outcome {
  const { registry, clock } = newRegistry(p.options);
  const job = new EvictionJob(registry, clock, p.evictionEverySecs * 1000, () => 0.5);
  const random = seeded(42);
  const members: Array<{ app: string; id: string; interval: number; phase: number; silent: boolean }> = [];
  p.fleets.forEach((fleet, f) => {
    const silentCount = Math.round(fleet.count * p.silentShare);
    for (let i = 0; i < fleet.count; i++) {
      const app = `FLEET-${f}-${i % 7}`;
      const id = `f${f}-i${i}`;
      registry.register(
        instance(app, id, {
          leaseInfo: {
            renewalIntervalInSecs: fleet.intervalSecs,
            durationInSecs: fleet.durationSecs,
            registrationTimestamp: 0,
            lastRenewalTimestamp: 0,
            evictionTimestamp: 0,
            serviceUpTimestamp: 0,
          },
        }),
        false,
      );
      members.push({ app, id, interval: fleet.intervalSecs, phase: Math.floor(random() * fleet.intervalSecs), silent: i < silentCount });
    }
  });
  const evictedPerRun: number[] = [];
  const capPerRun: number[] = [];
  const step = (second: number, partitioned: boolean): void => {
    clock.advance(1000);
    for (const m of members) {
      if (partitioned && m.silent) continue;
      if ((second + m.phase) % m.interval === 0) registry.renew(m.app, m.id, false);
    }
    if ((second + 1) % p.evictionEverySecs === 0) {
      const size = registry.size;
      const evicted = job.run();
      if (partitioned) {
        evictedPerRun.push(evicted);
        capPerRun.push(size - Math.floor(size * (p.options?.renewalPercentThreshold ?? DEFAULT_SERVER_OPTIONS.renewalPercentThreshold)));
      }
    }
  };
  let second = 0;
  for (; second < 300; second++) step(second, false);
  const before = {
    expirationEnabledBefore: registry.isLeaseExpirationEnabled(),
    expectedClientsBefore: registry.selfPreservation.expectedNumberOfClientsSendingRenews,
    thresholdBefore: registry.selfPreservation.numberOfRenewsPerMinThreshold,
  };
  for (; second < 900; second++) step(second, true);
  const left = (silent: boolean) => members.filter((m) => m.silent === silent && registry.leasesOf(m.app)?.has(m.id)).length;
  return {
    registered: members.length,
    silent: members.filter((m) => m.silent).length,
    ...before,
    evictedPerRun,
    capPerRun,
    silentLeft: left(true),
    liveLeft: left(false),
    expectedClientsAfter: registry.selfPreservation.expectedNumberOfClientsSendingRenews,
    thresholdAfter: registry.selfPreservation.numberOfRenewsPerMinThreshold,
  };
}

const SHORT: Fleet = { count: 500, durationSecs: 10, intervalSecs: 5 };
const DEFAULT: Fleet = { count: 500, durationSecs: 90, intervalSecs: 30 };

describe('self-preservation through a partition that silences 60% of the clients', () => {
  it.each([
    // Threshold: floor((2 for Spring's initial client + the clients' renewals a minute) x 0.85).
    ['10 s leases, heartbeats every 5 s', [SHORT], 1, 5101],
    ['10 s leases, eviction every 60 s (the default)', [SHORT], 60, 5101],
    ['90 s leases (the default), heartbeats every 30 s', [DEFAULT], 1, 851],
    ['90 s leases, eviction every 60 s', [DEFAULT], 60, 851],
    ['half 10 s and half 90 s leases', [{ ...SHORT, count: 250 }, { ...DEFAULT, count: 250 }], 1, 2976],
  ])('%s: nothing is evicted and the threshold does not move', (_name, fleets, evictionEverySecs, threshold) => {
    const o = runPartition({ fleets: fleets as Fleet[], silentShare: 0.6, evictionEverySecs: evictionEverySecs as number });
    expect(o.silent).toBe(300);
    expect(o.thresholdBefore).toBe(threshold);
    expect(o.expirationEnabledBefore).toBe(true);
    expect(o.evictedPerRun.every((n, i) => n <= o.capPerRun[i])).toBe(true);
    expect({ evicted: o.evictedPerRun.reduce((a, b) => a + b, 0), silentLeft: o.silentLeft, liveLeft: o.liveLeft }).toEqual({
      evicted: 0,
      silentLeft: 300,
      liveLeft: 200,
    });
    expect([o.expectedClientsAfter, o.thresholdAfter]).toEqual([o.expectedClientsBefore, o.thresholdBefore]);
  });
});

describe('a partition just past the threshold (20% silent)', () => {
  it.each([
    ['10 s leases', [SHORT]],
    ['90 s leases', [DEFAULT]],
    // One short lease shortens the window for all: the 30 s clients' renewals then fall in it by phase.
    ['90 s leases and one 10 s lease', [DEFAULT, { ...SHORT, count: 1 }]],
  ])('%s: nothing is evicted', (_name, fleets) => {
    const o = runPartition({ fleets: fleets as Fleet[], silentShare: 0.2, evictionEverySecs: 60 });
    expect(o.expirationEnabledBefore).toBe(true);
    expect({ evicted: o.evictedPerRun.reduce((a, b) => a + b, 0), silentLeft: o.silentLeft }).toEqual({ evicted: 0, silentLeft: 100 });
  });
});

describe('eviction still works when few clients go silent', () => {
  it.each([
    ['10 s leases', SHORT, 12],
    ['90 s leases', DEFAULT, 2],
  ])('%s, 10%% silent: every silent instance is evicted, no live one; E follows once the evictions are confirmed', (_name, fleet, perClient) => {
    const o = runPartition({ fleets: [fleet], silentShare: 0.1, evictionEverySecs: 5 });
    expect(o.expirationEnabledBefore).toBe(true);
    expect({ silentLeft: o.silentLeft, liveLeft: o.liveLeft }).toEqual({ silentLeft: 0, liveLeft: 450 });
    expect(o.expectedClientsAfter).toBe(o.expectedClientsBefore - 50);
    expect(o.thresholdAfter).toBe(Math.floor((2 + 450 * (perClient as number)) * 0.85));
  });

  it('clients replaced without deregistering (new ids, one every 30 s, for 2 hours) leave the registry at its size, evicting', () => {
    const { registry, clock } = newRegistry();
    const job = new EvictionJob(registry, clock, 60_000, () => 0.5);
    const random = seeded(7);
    const live = new Map<string, number>(); // id -> phase
    let next = 0;
    const add = () => {
      const id = `c-${next++}`;
      registry.register(instance('CHURN', id), false);
      live.set(id, Math.floor(random() * 30));
    };
    for (let i = 0; i < 100; i++) add();
    let enabledSeconds = 0;
    for (let second = 0; second < 7200; second++) {
      clock.advance(1000);
      if (second % 30 === 0 && second > 0) {
        live.delete(live.keys().next().value as string); // killed: no cancel
        add();
      }
      for (const [id, phase] of live) if ((second + phase) % 30 === 0) registry.renew('CHURN', id, false);
      if ((second + 1) % 60 === 0) job.run();
      if (second >= 3600 && registry.isLeaseExpirationEnabled()) enabledSeconds++;
    }
    // Dead instances are evicted within a few minutes; E stays near the live 100 (+ Spring's 1).
    expect(registry.size).toBeLessThanOrEqual(110);
    expect(registry.selfPreservation.expectedNumberOfClientsSendingRenews).toBeLessThanOrEqual(115);
    expect(enabledSeconds).toBe(3600);
  });
});
