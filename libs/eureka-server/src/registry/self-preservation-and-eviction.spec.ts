import { ManualClock } from '../clock/clock';
import { DEFAULT_SERVER_OPTIONS } from '../config/eureka-server.options';
import { EvictionJob } from '../jobs/eviction.job';
import { buildDeltaDocument } from './registry-documents';
import { SelfPreservation } from './self-preservation';
import { instance, newRegistry } from './testing/instance.fixture';

const SEC = 1000;

describe('SelfPreservation arithmetic (spec §10 worked examples)', () => {
  it('Spring standalone: E starts at 1, T = floor(1.7) = 1', () => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 1);
    expect(sp.numberOfRenewsPerMinThreshold).toBe(1);
  });

  it.each([
    [5, 10, 10, false],
    [6, 11, 12, true],
  ])('%i healthy instances: T = %i, renews %i -> expiration enabled %s', (n, threshold, renews, enabled) => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 1);
    for (let i = 0; i < n; i++) sp.onRegistered();
    expect(sp.expectedNumberOfClientsSendingRenews).toBe(n + 1);
    expect(sp.numberOfRenewsPerMinThreshold).toBe(threshold);
    expect(sp.isLeaseExpirationEnabled(renews)).toBe(enabled);
  });

  it('50 instances: E = 51 -> T = 86; 90 renews enable expiration; each cancel lowers E and T', () => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 51);
    expect(sp.numberOfRenewsPerMinThreshold).toBe(86);
    expect(sp.isLeaseExpirationEnabled(90)).toBe(true);
    for (let i = 0; i < 5; i++) sp.onRemoved();
    expect(sp.expectedNumberOfClientsSendingRenews).toBe(46);
    expect(sp.numberOfRenewsPerMinThreshold).toBe(78);
  });

  it('network partition: 100 instances, 160 renews <= 170 -> expiration disabled', () => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 100);
    expect(sp.numberOfRenewsPerMinThreshold).toBe(170);
    expect(sp.isLeaseExpirationEnabled(160)).toBe(false);
    expect(sp.isLeaseExpirationEnabled(171)).toBe(true);
  });

  it('E stays 0 once 0 (the reference guard), T = 0 disables expiration; self-preservation off always enables it', () => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 0);
    sp.onRegistered();
    expect(sp.expectedNumberOfClientsSendingRenews).toBe(0);
    expect(sp.isLeaseExpirationEnabled(1000)).toBe(false);
    const off = new SelfPreservation({ ...DEFAULT_SERVER_OPTIONS, enableSelfPreservation: false }, 0);
    expect(off.isLeaseExpirationEnabled(0)).toBe(true);
  });

  it('the periodic update adopts the count only above percent x E (or always with self-preservation off)', () => {
    const sp = new SelfPreservation(DEFAULT_SERVER_OPTIONS, 10);
    sp.onThresholdUpdate(8);
    expect(sp.expectedNumberOfClientsSendingRenews).toBe(10);
    sp.onThresholdUpdate(9);
    expect(sp.expectedNumberOfClientsSendingRenews).toBe(9);
  });
});

describe('Eviction (spec §11)', () => {
  it.each([
    [1, 1],
    [6, 1],
    [7, 2],
    [10, 2],
    [20, 3],
    [100, 15],
  ])('a registry of %i with every lease expired evicts at most %i per run', (size, limit) => {
    const { registry, clock } = newRegistry({ enableSelfPreservation: false });
    for (let i = 0; i < size; i++) registry.register(instance('APP', `i-${i}`), false);
    clock.advance(91 * SEC);
    expect(registry.evict(0)).toBe(limit);
    expect(registry.size).toBe(size - limit);
  });

  it('evicts nothing while lease expiration is disabled by self-preservation', () => {
    const { registry, clock } = newRegistry();
    for (let i = 0; i < 10; i++) registry.register(instance('APP', `i-${i}`), false);
    clock.advance(1000 * SEC);
    expect(registry.evict(0)).toBe(0);
    expect(registry.size).toBe(10);
  });

  it('evicts only expired leases, shows them as DELETED in the delta and lowers E', () => {
    const { registry, clock } = newRegistry({ enableSelfPreservation: false });
    for (let i = 0; i < 20; i++) registry.register(instance('APP', `i-${i}`), false);
    clock.advance(60 * SEC);
    for (let i = 0; i < 18; i++) registry.renew('APP', `i-${i}`, false);
    clock.advance(31 * SEC);
    expect(registry.evict(0)).toBe(2);
    const remaining = [...registry.allLeases()].map((l) => l.holder.instanceId);
    expect(remaining).not.toContain('i-18');
    expect(remaining).not.toContain('i-19');
    const delta = buildDeltaDocument(registry, 1);
    const deleted = delta.applications[0].instances.filter((i) => i.actionType === 'DELETED').map((i) => i.instanceId);
    expect(deleted.sort()).toEqual(['i-18', 'i-19']);
  });

  it('a late run adds its lateness as grace (compensation), so leases that were on time are kept', () => {
    const { registry, clock } = newRegistry({ enableSelfPreservation: false });
    const job = new EvictionJob(registry, clock as ManualClock, 60 * SEC);
    registry.register(instance('APP', 'a'), false);
    expect(job.run()).toBe(0);
    clock.advance(100 * SEC); // 40 s late: never-renewed lease expired at 90 s, but 100 - 60 = 40 s of grace
    expect(job.compensationMs(clock.now())).toBe(40 * SEC);
    expect(job.run()).toBe(0);
    clock.advance(60 * SEC); // on time now: 160 s since registration > 90 s
    expect(job.run()).toBe(1);
  });
});

describe('Delta queue and retention (spec §8.1)', () => {
  it('register then status change shows once, MODIFIED, with the current status', () => {
    const { registry } = newRegistry();
    registry.register(instance('APP', 'a'), false);
    registry.statusUpdate('APP', 'a', 'OUT_OF_SERVICE', undefined, false);
    const delta = buildDeltaDocument(registry, 7);
    expect(delta.versionDelta).toBe('7');
    expect(delta.applications[0].instances.map((i) => [i.instanceId, i.actionType, i.status])).toEqual([
      ['a', 'MODIFIED', 'OUT_OF_SERVICE'],
    ]);
    expect(delta.appsHashCode).toBe('OUT_OF_SERVICE_1_');
  });

  it('cancel then re-register is one ADDED entry; the hashcode is the full registry one', () => {
    const { registry } = newRegistry();
    registry.register(instance('APP', 'a'), false);
    registry.register(instance('APP', 'b'), false);
    registry.cancel('APP', 'a', false);
    registry.register(instance('APP', 'a'), false);
    const delta = buildDeltaDocument(registry, 1);
    const entries = delta.applications[0].instances.map((i) => [i.instanceId, i.actionType]);
    expect(entries).toEqual([
      ['b', 'ADDED'],
      ['a', 'ADDED'],
    ]);
    expect(delta.appsHashCode).toBe('UP_2_');
  });

  it('entries leave after the retention time, not before', () => {
    const { registry, clock } = newRegistry();
    registry.register(instance('APP', 'a'), false);
    clock.advance(100 * SEC);
    registry.register(instance('APP', 'b'), false);
    clock.advance(80 * SEC);
    expect(registry.recentlyChanged.expire(clock.now(), 180 * SEC)).toBe(0);
    clock.advance(1);
    expect(registry.recentlyChanged.expire(clock.now(), 180 * SEC)).toBe(1);
    expect(buildDeltaDocument(registry, 2).applications[0].instances.map((i) => i.instanceId)).toEqual(['b']);
    clock.advance(100 * SEC);
    registry.recentlyChanged.expire(clock.now(), 180 * SEC);
    expect(buildDeltaDocument(registry, 3).applications).toEqual([]);
  });

  it('renewals count once their second is over, for the 60 s that follow', () => {
    const { registry, clock } = newRegistry();
    clock.set(1_700_000_000_000);
    registry.register(instance('APP', 'a'), false);
    registry.renew('APP', 'a', false);
    registry.renew('APP', 'a', false);
    expect(registry.renewsPerMinute()).toBe(0);
    clock.advance(1000);
    expect(registry.renewsPerMinute()).toBe(2);
    clock.advance(59_000);
    expect(registry.renewsPerMinute()).toBe(2);
    clock.advance(1000);
    expect(registry.renewsPerMinute()).toBe(0);
  });
});

describe('Expected renewals follow the intervals clients declare', () => {
  const timed = (app: string, id: string, renewalIntervalInSecs: number, durationInSecs: number) =>
    instance(app, id, {
      leaseInfo: { renewalIntervalInSecs, durationInSecs, registrationTimestamp: 0, lastRenewalTimestamp: 0, evictionTimestamp: 0, serviceUpTimestamp: 0 },
    });

  it('30 s clients give the reference threshold; 5 s clients count 12 renewals a minute each', () => {
    const { registry } = newRegistry();
    for (let i = 0; i < 10; i++) registry.register(instance('SLOW', `s-${i}`), false);
    // E = 1 (Spring's defaultOpenForTrafficCount) + 10, all at 30 s: floor(11 x 2 x 0.85) = 18.
    expect(registry.selfPreservation.numberOfRenewsPerMinThreshold).toBe(18);
    for (let i = 0; i < 10; i++) registry.register(timed('FAST', `f-${i}`, 5, 10), false);
    // + 10 x 12 = 142 renewals a minute expected: floor(142 x 0.85) = 120.
    expect(registry.selfPreservation.expectedRenewsPerMinute).toBe(142);
    expect(registry.selfPreservation.numberOfRenewsPerMinThreshold).toBe(120);
    expect(registry.renewals.windowSeconds()).toBe(10);
    // A re-registration with another interval moves R by the difference; a cancel takes the client's share.
    registry.register(timed('FAST', 'f-0', 10, 20), false);
    expect(registry.selfPreservation.expectedRenewsPerMinute).toBe(136);
    registry.cancel('FAST', 'f-1', false);
    expect([registry.selfPreservation.expectedNumberOfClientsSendingRenews, registry.selfPreservation.expectedRenewsPerMinute]).toEqual([20, 124]);
  });

  it('judges the renewals of the last window (the shortest lease), scaled to a minute, and of the whole minute', () => {
    const { registry, clock } = newRegistry();
    registry.register(timed('FAST', 'f-1', 5, 10), false);
    for (let s = 0; s < 10; s++) {
      if (s % 5 === 0) registry.renew('FAST', 'f-1', false);
      clock.advance(1000);
    }
    // 2 renewals in the 10 s window (12 a minute), but only 2 in the minute: the lower one counts.
    expect(registry.renewsPerMinute()).toBe(2);
    for (let s = 10; s < 60; s++) {
      if (s % 5 === 0) registry.renew('FAST', 'f-1', false);
      clock.advance(1000);
    }
    expect(registry.renewsPerMinute()).toBe(12);
    // E = 2 (1 + the client), R = 2 + 12 = 14, T = floor(11.9) = 11: 12 > 11.
    expect(registry.selfPreservation.numberOfRenewsPerMinThreshold).toBe(11);
    expect(registry.isLeaseExpirationEnabled()).toBe(true);
    clock.advance(5000);
    expect(registry.renewsPerMinute()).toBe(6);
    expect(registry.isLeaseExpirationEnabled()).toBe(false);
  });

  it('the periodic update adopts the registry size with the renewals its leases declare', () => {
    const { registry } = newRegistry();
    for (let i = 0; i < 4; i++) registry.register(timed('FAST', `f-${i}`, 5, 10), false);
    registry.selfPreservation.setExpectedClients(3);
    registry.updateRenewalThreshold();
    expect([registry.selfPreservation.expectedNumberOfClientsSendingRenews, registry.selfPreservation.expectedRenewsPerMinute]).toEqual([4, 48]);
  });

  it('opening for traffic after a sync counts the synced clients at the rates their leases declare', () => {
    const { registry } = newRegistry();
    for (let i = 0; i < 4; i++) registry.register(timed('FAST', `f-${i}`, 6, 18), false);
    registry.openForTraffic(4);
    expect([registry.selfPreservation.expectedNumberOfClientsSendingRenews, registry.selfPreservation.expectedRenewsPerMinute]).toEqual([4, 40]);
    expect(registry.selfPreservation.numberOfRenewsPerMinThreshold).toBe(34);
  });
});
