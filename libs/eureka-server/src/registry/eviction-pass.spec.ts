import { InstanceStatus } from '@nest-eureka/protocol';
import { Lease } from './lease';
import { RecentLeasesLog } from './recent-leases.log';
import { RecentlyChangedQueue } from './recently-changed.queue';
import { buildDeltaDocument } from './registry-documents';
import { RegistryChange, RegistryChangeBatch } from './registry-events';
import { instance, newRegistry } from './testing/instance.fixture';

const SEC = 1000;
// A low threshold lifts the eviction cap to 90% of the registry, so every expired lease goes.
const UNCAPPED = { enableSelfPreservation: false, renewalPercentThreshold: 0.1 };

/**
 * Registers `perApp` instances of each app (ids `<app>-<i>`, interleaved: registration `n` is of
 * `apps[n % apps.length]`), every 7th with a status override; then renews all but those `expires`
 * picks and moves the clock so that exactly those are expired.
 */
function populate(options: Parameters<typeof newRegistry>[0], apps: string[], perApp: number, expires: (i: number) => boolean) {
  const { registry, clock } = newRegistry(options);
  const ids: Array<[string, string]> = [];
  for (let i = 0; i < perApp; i++) for (const app of apps) ids.push([app, `${app.toLowerCase()}-${i}`]);
  ids.forEach(([app, id], n) => {
    const overriddenStatus = n % 7 === 0 ? InstanceStatus.OUT_OF_SERVICE : InstanceStatus.UNKNOWN;
    registry.register(instance(app, id, { overriddenStatus }), false);
  });
  clock.advance(60 * SEC);
  ids.forEach(([app, id], n) => {
    if (!expires(n)) registry.renew(app, id, false);
  });
  clock.advance(31 * SEC);
  registry.recentlyChanged.expire(clock.now() - 31 * SEC, 0); // keep only what the pass queues
  return { registry, clock, ids, expired: ids.filter((_, n) => expires(n)) };
}

function state(registry: ReturnType<typeof newRegistry>['registry']) {
  const delta = buildDeltaDocument(registry, 1);
  return {
    size: registry.size,
    apps: [...registry.applicationNames()].sort(),
    overrides: [...registry.overrideEntries()].sort(),
    cancelled: registry.recentCancelled.newestFirst(),
    delta: delta.applications.map((a) => [a.name, a.instances.map((i) => [i.instanceId, i.actionType, i.lastUpdatedTimestamp])]),
    deltaHash: delta.appsHashCode,
  };
}

describe('Eviction pass: batched removal', () => {
  const apps = ['ORDERS', 'BILLING', 'USERS', 'GONE'];
  // GONE loses all its 400 instances, ORDERS every other one, BILLING its first 100, USERS none.
  const expires = (n: number) => n % 4 === 3 || (n % 8 === 0) || (n % 4 === 1 && n < 400);

  it('leaves the registry exactly as cancelling each victim in table order would, but for E and T', () => {
    const evicted = populate(UNCAPPED, apps, 400, expires);
    const cancelled = populate(UNCAPPED, apps, 400, expires);
    expect(evicted.expired.length).toBe(700);
    expect([...evicted.registry.overrideEntries()].length).toBe(229);
    const figures = (r: typeof evicted.registry) => [r.selfPreservation.expectedNumberOfClientsSendingRenews, r.selfPreservation.numberOfRenewsPerMinThreshold];
    const before = figures(evicted.registry);
    expect(evicted.registry.evict(0)).toBe(700);
    // Cancels (not replicated) in registration order, which is the table order here.
    for (const [app, id] of cancelled.expired) expect(cancelled.registry.cancel(app, id, false)).toBe(true);
    expect(state(evicted.registry)).toEqual(state(cancelled.registry));
    // A cancel lowers E and T; an eviction does not (RenewalJudge).
    expect(figures(evicted.registry)).toEqual(before);
    expect(figures(cancelled.registry)).toEqual([before[0] - 700, Math.floor((before[0] - 700) * 2 * UNCAPPED.renewalPercentThreshold)]);
    expect(evicted.registry.size).toBe(1600 - 700);
    expect(state(evicted.registry).apps).toEqual(['BILLING', 'ORDERS', 'USERS']);
  });

  it('keeps the last 1,000 cancellations, newest first, when a pass evicts more than that', () => {
    const { registry, expired } = populate(UNCAPPED, ['A', 'B', 'C'], 500, (n) => n % 10 !== 0);
    expect(registry.evict(0)).toBe(1350);
    const log = registry.recentCancelled.newestFirst();
    expect(log).toHaveLength(1000);
    expect(log.map((e) => e.label)).toEqual(expired.slice(-1000).reverse().map(([app, id]) => `${app}(${id})`));
  });

  it('every victim shows as DELETED in the delta, cancelled at the pass time, its override gone', () => {
    const { registry, clock, expired } = populate(UNCAPPED, apps, 50, expires);
    const leases = expired.map(([app, id]) => registry.leasesOf(app)!.get(id)!);
    registry.evict(0);
    for (const lease of leases) {
      expect(lease.evictionTimestamp).toBe(clock.now());
      expect(lease.holder.actionType).toBe('DELETED');
      expect(lease.holder.lastUpdatedTimestamp).toBe(clock.now());
    }
    const deleted = buildDeltaDocument(registry, 1).applications.flatMap((a) => a.instances.map((i) => `${a.name}/${i.instanceId}/${i.actionType}`));
    expect(deleted.sort()).toEqual(expired.map(([app, id]) => `${app}/${id}/DELETED`).sort());
    const left = new Set([...registry.overrideEntries()].map(([app, id]) => `${app}/${id}`));
    for (const [app, id] of expired) expect(left.has(`${app}/${id}`)).toBe(false);
  });

  it('listener functions get one evicted change per victim; a subscriber gets the pass as one batch', () => {
    const { registry, clock, expired } = populate(UNCAPPED, apps, 20, expires);
    const order: string[] = [];
    const changes: RegistryChange[] = [];
    const batches: RegistryChangeBatch[] = [];
    const singles: RegistryChange[] = [];
    registry.onChange((c) => {
      order.push('function');
      changes.push(c);
    });
    const off = registry.onChange({
      onChange: (c) => singles.push(c),
      onChangeBatch: (b) => {
        order.push('batch');
        batches.push({ ...b, leases: [...b.leases] });
      },
    });
    const count = registry.evict(0);
    expect(count).toBe(expired.length);
    expect(order[0]).toBe('batch');
    expect(order.filter((o) => o === 'function')).toHaveLength(count);
    expect(singles).toEqual([]);
    expect(changes.map((c) => [c.kind, c.app, c.id, c.isReplication, c.at, c.previousVipAddress])).toEqual(
      expired.map(([app, id]) => ['evicted', app, id, false, clock.now(), undefined]),
    );
    expect(changes.map((c) => c.lease)).toEqual(batches[0].leases);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ kind: 'evicted', isReplication: false, at: clock.now() });
    expect(batches[0].leases).toHaveLength(count);
    expect(changes.every((c) => c.instance === c.lease.holder)).toBe(true);

    // Other changes reach a subscriber one by one; unsubscribing stops both forms.
    registry.cancel('ORDERS', 'orders-1', false);
    expect(singles.map((c) => [c.kind, c.id])).toEqual([['cancelled', 'orders-1']]);
    off();
    clock.advance(1000 * SEC);
    expect(registry.evict(0)).toBeGreaterThan(0);
    expect(batches).toHaveLength(1);
  });

  it('an empty pass notifies nobody', () => {
    const { registry } = newRegistry({ enableSelfPreservation: false });
    registry.register(instance('APP', 'a'), false);
    const seen: string[] = [];
    registry.onChange(() => seen.push('function'));
    registry.onChange({ onChange: () => seen.push('single'), onChangeBatch: () => seen.push('batch') });
    expect(registry.evict(0)).toBe(0);
    expect(seen).toEqual([]);
  });

  it('with the cap, evicts a random subset of the expired leases, in table order', () => {
    const { registry, expired } = populate({ enableSelfPreservation: false }, ['A', 'B'], 50, (n) => n % 2 === 0);
    // 100 instances, 50 expired, cap 15. random() = 0 takes, at each step, the first remaining
    // candidate (partial Fisher-Yates), i.e. the first 15 expired leases in table order.
    const changes: RegistryChange[] = [];
    registry.onChange((c) => changes.push(c));
    expect(registry.evict(0, () => 0)).toBe(15);
    expect(changes.map((c) => `${c.app}/${c.id}`)).toEqual(expired.slice(0, 15).map(([app, id]) => `${app}/${id}`));
    expect(registry.size).toBe(85);
  });
});

describe('Pass-wide forms of the per-removal bookkeeping', () => {
  it('a pass takes its victims out of the lease mix: the renewal window follows the shortest lease left', () => {
    const { registry, clock } = newRegistry(UNCAPPED);
    const lease = (durationInSecs: number) => ({
      leaseInfo: { renewalIntervalInSecs: 5, durationInSecs, registrationTimestamp: 0, lastRenewalTimestamp: 0, evictionTimestamp: 0, serviceUpTimestamp: 0 },
    });
    registry.register(instance('SHORT', 's-1', lease(10)), false);
    registry.register(instance('SHORT', 's-2', lease(10)), false);
    registry.register(instance('LONG', 'l-1', lease(45)), false);
    expect(registry.renewals.windowSeconds()).toBe(10);
    clock.advance(30 * SEC);
    registry.renew('LONG', 'l-1', false);
    clock.advance(1 * SEC);
    expect(registry.evict(0)).toBe(2);
    expect(registry.renewals.windowSeconds()).toBe(45);
    registry.cancel('LONG', 'l-1', false);
    expect(registry.renewals.windowSeconds()).toBe(60);
  });

  it('RecentLeasesLog.addLeases shows what adding each lease in turn shows', () => {
    const leases = Array.from({ length: 12 }, (_, i) => new Lease(instance('APP', `i-${i}`), 90 * SEC, 0));
    for (const [already, count] of [
      [0, 3],
      [2, 12],
      [5, 7],
      [9, 12],
    ]) {
      const one = new RecentLeasesLog(5);
      const many = new RecentLeasesLog(5);
      for (let i = 0; i < already; i++) {
        one.add(i, 'OLD', `o-${i}`);
        many.add(i, 'OLD', `o-${i}`);
      }
      for (let i = 0; i < count; i++) one.add(99, 'APP', `i-${i}`);
      many.addLeases(99, leases.slice(0, count));
      expect(many.newestFirst()).toEqual(one.newestFirst());
    }
  });

  it('RecentlyChangedQueue.pushAll queues the leases in order at one time; expiry drops them together', () => {
    const queue = new RecentlyChangedQueue();
    const leases = Array.from({ length: 4 }, (_, i) => new Lease(instance('APP', `i-${i}`), 90 * SEC, 0));
    queue.push(leases[3], 10);
    queue.pushAll(leases.slice(0, 3), 20);
    expect([...queue.leases()]).toEqual([leases[3], leases[0], leases[1], leases[2]]);
    expect(queue.expire(30, 15)).toBe(1);
    expect(queue.size).toBe(3);
    expect(queue.expire(36, 15)).toBe(3);
    expect([...queue.leases()]).toEqual([]);
  });
});
