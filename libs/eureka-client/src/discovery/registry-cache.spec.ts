import { Applications, InstanceInfo, decodeApplicationsJson } from '@nest-eureka/protocol';
import { readFixture } from '../../../../test/support/java-fixtures';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { RegistryCache } from './registry-cache';

const inst = (app: string, id: string, extra: Partial<InstanceInfo> = {}) =>
  sampleInstance({ app, instanceId: id, hostName: `${id}.h`, vipAddress: app.toLowerCase(), secureVipAddress: `${app.toLowerCase()}-s`, ...extra });
const doc = (apps: Record<string, InstanceInfo[]>, hash = '', version = '1'): Applications => ({
  versionDelta: version,
  appsHashCode: hash,
  applications: Object.entries(apps).map(([name, instances]) => ({ name, instances })),
});
const ids = (list: readonly InstanceInfo[]) => list.map((i) => i.instanceId ?? i.hostName).sort();

describe('RegistryCache', () => {
  it('applies the Java delta on top of the Java full registry and detects the hash mismatch', () => {
    const cache = new RegistryCache({ filterOnlyUpInstances: true });
    cache.replace(decodeApplicationsJson(readFixture('applications.full.legacy.json')));
    expect(cache.hashCode).toBe('DOWN_1_OUT_OF_SERVICE_1_UP_2_');
    expect(cache.drainChangedApps()).toEqual(['ORDERS', 'PAYMENTS']);
    const delta = decodeApplicationsJson(readFixture('delta.legacy.json'));
    // The Java delta carries the hash of the registry before payments-2 was deleted.
    expect(cache.applyDelta(delta)).toBe(false);
    expect(cache.hashCode).toBe('OUT_OF_SERVICE_1_UP_2_');
    expect(cache.version).toBe('42');
    expect(ids(cache.view.instancesOfApp('payments', false))).toEqual(['i-0abc1234']);
    expect(ids(cache.view.instancesOfApp('orders', false))).toEqual(['orders-1.internal:orders:8080', 'orders-2.internal:orders:8080']);
    expect(cache.drainChangedApps()).toEqual(['PAYMENTS']); // orders-1/2 unchanged
  });

  it('upserts, deletes, drops empty apps, and matches a correct hash', () => {
    const cache = new RegistryCache({ filterOnlyUpInstances: true });
    cache.replace(doc({ A: [inst('A', 'a1'), inst('A', 'a2')], B: [inst('B', 'b1')] }, 'UP_3_'));
    cache.drainChangedApps();
    const delta = doc(
      {
        A: [inst('A', 'a2', { status: 'DOWN', actionType: 'MODIFIED' })],
        B: [inst('B', 'b1', { actionType: 'DELETED' })],
        C: [inst('C', 'c1', { actionType: 'ADDED' })],
      },
      'DOWN_1_UP_2_',
      '7',
    );
    expect(cache.applyDelta(delta)).toBe(true);
    expect(cache.view.allApplications.map((a) => a.name)).toEqual(['A', 'C']);
    expect(cache.view.hasApplication('b')).toBe(false);
    expect(cache.view.instanceById('a2')?.status).toBe('DOWN');
    expect(cache.instanceCount).toBe(3);
    expect(cache.drainChangedApps()).toEqual(['A', 'B', 'C']);
    // The same delta again (deltas repeat for minutes) changes nothing.
    expect(cache.applyDelta(delta)).toBe(true);
    expect(cache.drainChangedApps()).toEqual([]);
  });

  it('returns false on a forced mismatch and ignores lease-only changes for events', () => {
    const cache = new RegistryCache({ filterOnlyUpInstances: true });
    cache.replace(doc({ A: [inst('A', 'a1')] }));
    cache.drainChangedApps();
    const renewed = inst('A', 'a1', {
      actionType: 'MODIFIED',
      leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90, registrationTimestamp: 1, lastRenewalTimestamp: 99, evictionTimestamp: 0, serviceUpTimestamp: 1 },
    });
    expect(cache.applyDelta(doc({ A: [renewed] }, 'UP_999_'))).toBe(false);
    expect(cache.drainChangedApps()).toEqual([]);
    expect(cache.view.instanceById('a1')?.leaseInfo?.lastRenewalTimestamp).toBe(99);
  });

  it('hashes the unfiltered registry but serves filtered views', () => {
    const cache = new RegistryCache({ filterOnlyUpInstances: true });
    cache.replace(
      doc({
        A: [inst('A', 'a1'), inst('A', 'a2', { status: 'DOWN' }), inst('A', 'a3', { status: 'STARTING', vipAddress: 'shared, A' })],
        B: [inst('B', 'b1', { status: 'OUT_OF_SERVICE' })],
      }),
    );
    expect(cache.hashCode).toBe('DOWN_1_OUT_OF_SERVICE_1_STARTING_1_UP_1_');
    const view = cache.view;
    expect(view.visibleApplications.map((a) => a.name)).toEqual(['A']);
    expect(ids(view.instancesOfApp('a', true))).toEqual(['a1']);
    expect(ids(view.instancesOfApp('A', false))).toEqual(['a1', 'a2', 'a3']);
    expect(ids(view.instancesOfVip('SHARED', false, false))).toEqual(['a3']);
    expect(ids(view.instancesOfVip('a', false, false))).toEqual(['a1', 'a2', 'a3']);
    expect(ids(view.instancesOfVip('a-s', true, true))).toEqual(['a1']);
    expect(view.instancesOfVip('nope', false, true)).toEqual([]);
    expect(view.instanceById('b1')?.status).toBe('OUT_OF_SERVICE');

    const unfiltered = new RegistryCache({ filterOnlyUpInstances: false });
    unfiltered.replace(doc({ B: [inst('B', 'b1', { status: 'DOWN' })] }));
    expect(ids(unfiltered.view.instancesOfApp('b', true))).toEqual(['b1']);
  });

  it('reports changes between full fetches only when instances differ', () => {
    const cache = new RegistryCache({ filterOnlyUpInstances: true });
    cache.replace(doc({ A: [inst('A', 'a1')], B: [inst('B', 'b1')] }));
    cache.drainChangedApps();
    cache.replace(doc({ A: [inst('A', 'a1')], B: [inst('B', 'b1', { status: 'DOWN' })] }));
    expect(cache.drainChangedApps()).toEqual(['B']);
    cache.replace(doc({ A: [inst('A', 'a1')] }));
    expect(cache.drainChangedApps()).toEqual(['B']);
    expect(cache.isEmpty).toBe(false);
    cache.replace(doc({}));
    expect(cache.isEmpty).toBe(true);
    expect(cache.hashCode).toBe('');
  });
});
