import { InstanceStatus } from '@nest-eureka/protocol';
import { instance, newRegistry } from '../registry/testing/instance.fixture';
import { RENEW_RATE_WINDOW_MS } from '../registry/renew-rate.meter';
import { SPRING_BANNERS } from './dashboard.messages';
import { DEFAULT_INSTANCE_LIMIT, lastHeartbeatOf, parseFilter, zoneOf } from './dashboard.filter';
import { buildInstance } from './dashboard.instance-view';
import { DashboardSources, buildOverview } from './dashboard.view';
import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions } from '../config/eureka-server.options';

function sources(options: Partial<EurekaServerOptions> = {}) {
  const { registry, clock } = newRegistry(options);
  const make = (): DashboardSources => ({ registry, peers: () => [], options: { ...DEFAULT_SERVER_OPTIONS, ...options }, now: clock.now(), port: 8761 });
  return { registry, clock, make };
}

describe('parseFilter', () => {
  it('takes strings only (Express may hand arrays or objects), normalises status and bounds limit', () => {
    expect(parseFilter({ q: ['  pay ', 'x'], status: 'down', zone: { a: 1 }, limit: '5' })).toEqual({ q: 'pay', status: 'DOWN', zone: '', limit: 5 });
    expect(parseFilter({ status: 'BROKEN', limit: '-1' })).toMatchObject({ status: '', limit: DEFAULT_INSTANCE_LIMIT });
    expect(parseFilter({ status: 'not_up', limit: '1e9' })).toMatchObject({ status: 'NOT_UP', limit: 10_000 });
    expect(parseFilter(undefined)).toEqual({ q: '', status: '', zone: '', limit: DEFAULT_INSTANCE_LIMIT });
    expect(parseFilter({ q: 'x'.repeat(500) }).q).toHaveLength(200);
  });
});

describe('zoneOf', () => {
  it('reads the Amazon availability zone, else the zone metadata', () => {
    expect(zoneOf(instance('A', 'a', { dataCenterInfo: { name: 'Amazon', metadata: { 'availability-zone': 'us-east-1c' } } }))).toBe('us-east-1c');
    const withZone = instance('A', 'a');
    withZone.metadata.zone = 'zone-a';
    expect(zoneOf(withZone)).toBe('zone-a');
    expect(zoneOf(instance('A', 'b'))).toBe('');
  });
});

describe('buildOverview', () => {
  it('groups by application (sorted) and status (UP first), counts AMIs and zones', () => {
    const { registry, make } = sources();
    registry.register(instance('PAYMENTS', 'p-2', { status: InstanceStatus.DOWN }), false);
    registry.register(instance('PAYMENTS', 'p-1'), false);
    registry.register(instance('ORDERS', 'o-1', { statusPageUrl: 'javascript:alert(1)' }), false);
    const view = buildOverview(make(), parseFilter({}));
    expect(view.applications.map((a) => a.name)).toEqual(['ORDERS', 'PAYMENTS']);
    const payments = view.applications[1];
    expect(payments.groups.map((g) => [g.status, g.notUp, g.instances.map((i) => i.id)])).toEqual([
      ['UP', false, ['p-1']],
      ['DOWN', true, ['p-2']],
    ]);
    expect(payments.amis).toEqual([{ name: 'n/a', count: 2 }]);
    expect(view.applications[0].groups[0].instances[0].statusPageUrl).toBeUndefined();
    expect(view.totals).toMatchObject({ applications: 2, instances: 3, byStatus: { UP: 2, DOWN: 1 } });
  });

  it('limits listed ids but keeps counts', () => {
    const { registry, make } = sources();
    for (let i = 0; i < 5; i++) registry.register(instance('A', `a-${i}`), false);
    const view = buildOverview(make(), { ...parseFilter({}), limit: 3 });
    expect(view.applications[0].groups[0]).toMatchObject({ count: 5 });
    expect(view.applications[0].groups[0].instances).toHaveLength(3);
    expect(view.totals).toMatchObject({ matchingInstances: 5, listedInstances: 3, truncated: true });
  });

  it("shows Spring's banners: emergency, unprotected and self-preservation off", () => {
    // Before the empty-sync wait is over: no banner even though renewals are 0.
    const waiting = sources();
    expect(buildOverview(waiting.make(), parseFilter({})).banner).toBeNull();

    // With the wait at 0, the empty first minute is not judged either (the reference would show the banner).
    const firstMinute = sources({ waitTimeInMsWhenSyncEmpty: 0 });
    firstMinute.clock.advance(RENEW_RATE_WINDOW_MS);
    expect(buildOverview(firstMinute.make(), parseFilter({})).banner).toBeNull();

    const below = sources({ waitTimeInMsWhenSyncEmpty: 0 });
    below.clock.advance(RENEW_RATE_WINDOW_MS + 1);
    expect(buildOverview(below.make(), parseFilter({})).banner).toMatchObject({ kind: 'emergency', headline: SPRING_BANNERS.emergency });

    const unprotected = sources({ waitTimeInMsWhenSyncEmpty: 0, enableSelfPreservation: false });
    unprotected.clock.advance(RENEW_RATE_WINDOW_MS + 1);
    expect(buildOverview(unprotected.make(), parseFilter({})).banner).toMatchObject({ kind: 'below-threshold-unprotected' });

    const off = sources({ waitTimeInMsWhenSyncEmpty: 0, enableSelfPreservation: false });
    off.clock.advance(1);
    off.registry.register(instance('A', 'a'), false);
    for (let i = 0; i < 5; i++) off.registry.renew('A', 'a', false);
    off.clock.advance(1000);
    expect(buildOverview(off.make(), parseFilter({})).banner).toMatchObject({ kind: 'self-preservation-off' });

    const healthy = sources({ waitTimeInMsWhenSyncEmpty: 0 });
    healthy.clock.advance(RENEW_RATE_WINDOW_MS + 1);
    healthy.registry.register(instance('A', 'a'), false); // E = 2, threshold 3
    for (let i = 0; i < 4; i++) healthy.registry.renew('A', 'a', false);
    healthy.clock.advance(1000);
    const view = buildOverview(healthy.make(), parseFilter({}));
    expect(view.system).toMatchObject({ renewsThreshold: 3, renewsLastMin: 4, leaseExpirationEnabled: true });
    expect(view.banner).toBeNull();
  });
});

describe('buildInstance', () => {
  it('reports the last heartbeat despite the double-duration quirk, and the override', () => {
    const { registry, clock, make } = sources();
    registry.register(instance('A', 'a'), false);
    const lease = registry.leasesOf('A')!.get('a')!;
    expect(lastHeartbeatOf(lease)).toBeUndefined();
    clock.advance(5000);
    registry.renew('A', 'a', false);
    const beat = clock.now();
    clock.advance(12_000);
    registry.statusUpdate('A', 'a', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    clock.advance(3000);
    const view = buildInstance(make(), 'A', 'a')!;
    // statusUpdate renews the lease too (reference behaviour): that counts as the last contact.
    expect(view.lease.lastHeartbeat!.at).toBe(beat + 12_000);
    expect(view.lease.lastHeartbeat!.relative).toBe('3 s ago');
    expect(view.statusOverride).toBe(InstanceStatus.OUT_OF_SERVICE);
    expect(view.lease.expires.at).toBe(beat + 12_000 + 180_000);
    expect(buildInstance(make(), 'A', 'nope')).toBeUndefined();
  });
});
