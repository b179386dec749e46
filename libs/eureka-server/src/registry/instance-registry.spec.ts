import { InstanceStatus } from '@nest-eureka/protocol';
import { RegistryChange } from './registry-events';
import { instance, newRegistry } from './testing/instance.fixture';

const SEC = 1000;

describe('InstanceRegistry: register', () => {
  it('stores the record, marks it ADDED and emits one change', () => {
    const { registry, clock } = newRegistry();
    const changes: RegistryChange[] = [];
    registry.onChange((c) => changes.push(c));
    registry.register(instance('ORDERS', 'o-1'), false);
    const lease = registry.getVisibleLease('ORDERS', 'o-1')!;
    expect(lease.holder.actionType).toBe('ADDED');
    expect(lease.holder.lastUpdatedTimestamp).toBe(clock.now());
    expect(lease.serviceUpTimestamp).toBe(clock.now());
    expect(changes.map((c) => [c.kind, c.app, c.id])).toEqual([['registered', 'ORDERS', 'o-1']]);
    expect(registry.size).toBe(1);
  });

  it('keeps the stored record when it has a strictly newer lastDirtyTimestamp; ties go to the incoming one', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 2_000, ipAddr: '10.0.0.2' }), false);
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 1_500, ipAddr: '10.0.0.3' }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.ipAddr).toBe('10.0.0.2');
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 2_000, ipAddr: '10.0.0.4' }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.ipAddr).toBe('10.0.0.4');
    expect(registry.size).toBe(1);
  });

  it('keeps serviceUpTimestamp across a re-registration and restarts the lease clock', () => {
    const { registry, clock } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    const firstUp = registry.getVisibleLease('ORDERS', 'o-1')!.serviceUpTimestamp;
    clock.advance(50 * SEC);
    registry.register(instance('ORDERS', 'o-1'), false);
    const lease = registry.getVisibleLease('ORDERS', 'o-1')!;
    expect(lease.serviceUpTimestamp).toBe(firstUp);
    expect(lease.registrationTimestamp).toBe(clock.now());
  });
});

describe('InstanceRegistry: status override rules (spec §7.4)', () => {
  it('an OUT_OF_SERVICE override wins over a client registering UP', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    registry.register(instance('ORDERS', 'o-1', { status: InstanceStatus.UP }), false);
    const holder = registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    expect(holder.status).toBe('OUT_OF_SERVICE');
    expect(holder.overriddenStatus).toBe('OUT_OF_SERVICE');
  });

  it('DOWN and STARTING from the client are believed even with an override', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    registry.register(instance('ORDERS', 'o-1', { status: InstanceStatus.STARTING }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('STARTING');
    registry.register(instance('ORDERS', 'o-1', { status: InstanceStatus.DOWN }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('DOWN');
  });

  it('without an override an existing UP lease keeps UP when the client re-registers OUT_OF_SERVICE, but a replication does not', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    registry.register(instance('ORDERS', 'o-1', { status: InstanceStatus.OUT_OF_SERVICE }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('UP');
    registry.register(instance('ORDERS', 'o-1', { status: InstanceStatus.OUT_OF_SERVICE }), true);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('OUT_OF_SERVICE');
  });

  it('a registration body can seed an override through overriddenStatus', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1', { overriddenStatus: InstanceStatus.OUT_OF_SERVICE }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('OUT_OF_SERVICE');
  });

  it('overrides are scoped to the application: the same id in another app is untouched', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'shared-id'), false);
    registry.register(instance('PAYMENTS', 'shared-id'), false);
    registry.statusUpdate('ORDERS', 'shared-id', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    registry.register(instance('PAYMENTS', 'shared-id'), false);
    expect(registry.getVisibleLease('PAYMENTS', 'shared-id')!.holder.status).toBe('UP');
    expect(registry.getVisibleLease('ORDERS', 'shared-id')!.holder.status).toBe('OUT_OF_SERVICE');
  });
});

describe('InstanceRegistry: status update and override deletion (spec §7.7)', () => {
  it('setting the current status records nothing, not even an override', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    const queued = registry.recentlyChanged.size;
    expect(registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.UP, undefined, false)).toBe(true);
    expect(registry.recentlyChanged.size).toBe(queued);
    expect([...registry.overrideEntries()]).toEqual([]);
  });

  it('a status change is MODIFIED, queued, and raises lastDirtyTimestamp only to a newer value', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 5_000 }), false);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, 4_000, false);
    const holder = registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    expect(holder.actionType).toBe('MODIFIED');
    expect(holder.lastDirtyTimestamp).toBe(5_000);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.DOWN, 6_000, false);
    expect(holder.lastDirtyTimestamp).toBe(6_000);
  });

  it('deleting the override with no fallback sets UNKNOWN, so the next heartbeat is a 404 and the client re-registers', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    expect(registry.deleteStatusOverride('ORDERS', 'o-1', InstanceStatus.UNKNOWN, undefined, false)).toBe(true);
    const holder = registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    expect(holder.status).toBe('UNKNOWN');
    expect(holder.overriddenStatus).toBe('UNKNOWN');
    expect(registry.renew('ORDERS', 'o-1', false)).toBe(false);
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 2_000 }), false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')!.holder.status).toBe('UP');
  });

  it('unknown instances are 404 for status, override deletion and metadata', () => {
    const { registry } = newRegistry();
    expect(registry.statusUpdate('ORDERS', 'nope', InstanceStatus.DOWN, undefined, false)).toBe(false);
    expect(registry.deleteStatusOverride('ORDERS', 'nope', InstanceStatus.UP, undefined, false)).toBe(false);
    expect(registry.updateMetadata('ORDERS', 'nope', [['a', 'b']])).toBe(false);
  });
});

describe('InstanceRegistry: renew and lastDirtyTimestamp (spec §7.5)', () => {
  const setup = () => {
    const r = newRegistry();
    r.registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 5_000 }), false);
    return r;
  };

  it.each([
    ['equal timestamps', 5_000, false, 200],
    ['client newer -> 404 (re-register)', 6_000, false, 404],
    ['client older -> 200', 4_000, false, 200],
    ['peer newer -> 404', 6_000, true, 404],
    ['peer older -> 409 with the server copy', 4_000, true, 409],
    ['no timestamp -> 200', undefined, true, 200],
  ])('%s', (_name, lastDirty, fromPeer, code) => {
    const { registry } = setup();
    const before = registry.renewals.meter.total;
    const outcome = registry.renewWithTimestamp('ORDERS', 'o-1', fromPeer, lastDirty, undefined);
    expect(outcome.code).toBe(code);
    if (outcome.code === 409) expect(outcome.lease.holder.lastDirtyTimestamp).toBe(5_000);
    // The lease is renewed and counted in every row.
    expect(registry.renewals.meter.total).toBe(before + 1);
  });

  it('a newer replicated heartbeat with overriddenstatus stores the override without changing the status', () => {
    const { registry } = setup();
    registry.renewWithTimestamp('ORDERS', 'o-1', true, 6_000, InstanceStatus.OUT_OF_SERVICE);
    const holder = registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    expect(holder.overriddenStatus).toBe('OUT_OF_SERVICE');
    expect(holder.status).toBe('UP');
    expect([...registry.overrideEntries()]).toEqual([['ORDERS', 'o-1', 'OUT_OF_SERVICE']]);
  });

  it('ignores the comparison when syncWhenTimestampDiffers is off', () => {
    const { registry } = newRegistry({ syncWhenTimestampDiffers: false });
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 5_000 }), false);
    expect(registry.renewWithTimestamp('ORDERS', 'o-1', false, 9_000, undefined).code).toBe(200);
  });

  it('an unknown lease is a 404 and is not counted', () => {
    const { registry } = newRegistry();
    expect(registry.renewWithTimestamp('ORDERS', 'o-9', false, undefined, undefined).code).toBe(404);
    expect(registry.renewals.meter.total).toBe(0);
  });
});

describe('InstanceRegistry: lease timing (spec §7.2 double-duration quirk)', () => {
  it('a never-renewed lease expires 90 s after registration; a renewed one about 180 s after its last renewal', () => {
    const { registry, clock } = newRegistry({ enableSelfPreservation: false });
    registry.register(instance('ORDERS', 'never'), false);
    registry.register(instance('ORDERS', 'renewed'), false);
    registry.renew('ORDERS', 'renewed', false);
    const renewedAt = clock.now();
    clock.advance(90 * SEC + 1);
    expect(registry.getVisibleLease('ORDERS', 'never')).toBeUndefined();
    expect(registry.getVisibleLease('ORDERS', 'renewed')).toBeDefined();
    expect(registry.getVisibleLease('ORDERS', 'renewed')!.lastUpdateTimestamp).toBe(renewedAt + 90 * SEC);
    clock.set(renewedAt + 180 * SEC);
    expect(registry.getVisibleLease('ORDERS', 'renewed')).toBeDefined();
    clock.advance(1);
    expect(registry.getVisibleLease('ORDERS', 'renewed')).toBeUndefined();
  });

  it('expired leases stay visible while lease expiration is disabled (self-preservation)', () => {
    const { registry, clock } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    clock.advance(100 * SEC);
    expect(registry.isLeaseExpirationEnabled()).toBe(false);
    expect(registry.getVisibleLease('ORDERS', 'o-1')).toBeDefined();
  });
});

describe('InstanceRegistry: cancel and metadata', () => {
  it('cancel removes the lease and the override, queues DELETED and lowers E', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    const e = registry.selfPreservation.expectedNumberOfClientsSendingRenews;
    expect(registry.cancel('ORDERS', 'o-1', false)).toBe(true);
    expect(registry.getVisibleLease('ORDERS', 'o-1')).toBeUndefined();
    expect([...registry.overrideEntries()]).toEqual([]);
    expect(registry.selfPreservation.expectedNumberOfClientsSendingRenews).toBe(e - 1);
    expect([...registry.applicationNames()]).toEqual([]);
    expect(registry.cancel('ORDERS', 'o-1', false)).toBe(false);
  });

  it('metadata merges into the record and re-registers it without touching lastDirtyTimestamp', () => {
    const { registry } = newRegistry();
    const sent = instance('ORDERS', 'o-1', { lastDirtyTimestamp: 7_000 });
    sent.metadata.zone = 'a';
    registry.register(sent, false);
    expect(registry.updateMetadata('ORDERS', 'o-1', [['zone', 'b'], ['build', '42']])).toBe(true);
    const holder = registry.getVisibleLease('ORDERS', 'o-1')!.holder;
    expect({ ...holder.metadata }).toEqual({ zone: 'b', build: '42' });
    expect(holder.actionType).toBe('ADDED');
    expect(holder.lastDirtyTimestamp).toBe(7_000);
  });
});
