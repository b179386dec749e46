import { InstanceStatus, ReplicationInstance } from '@nest-eureka/protocol';
import { RegistryChange } from '../registry/registry-events';
import { instance, newRegistry } from '../registry/testing/instance.fixture';
import { resolvePeerUrls } from './peer-list';
import { scrubCredentials } from './peer/peer-service-url.parser';
import { ReplicationBatchApplier } from './replication-batch.applier';
import { changeWork, heartbeatWork } from './replication-items';

const self = { port: 8761, hosts: new Set(['localhost', '127.0.0.1', 'node-a']) };

describe('resolvePeerUrls (self-detection)', () => {
  it('skips this server by host and listening port, keeps other ports on the same host, dedupes', () => {
    const list =
      'http://127.0.0.1:8761/eureka/,http://127.0.0.1:8762/eureka,http://localhost:8761/eureka/,http://node-b:8761/eureka/,http://127.0.0.1:8762/eureka/';
    expect(resolvePeerUrls(list, self)).toEqual(['http://127.0.0.1:8762/eureka/', 'http://node-b:8761/eureka/']);
  });

  it('skips the URL equal to myUrl, credentials and host case ignored', () => {
    const peers = resolvePeerUrls('http://u:p@EUREKA-1:8761/eureka/,http://eureka-2:8761/eureka/', {
      port: 1,
      hosts: new Set(),
      myUrl: 'http://eureka-1:8761/eureka/',
    });
    expect(peers).toEqual(['http://eureka-2:8761/eureka/']);
  });

  it('scrubs credentials from URLs shown anywhere', () => {
    expect(scrubCredentials('http://user:secret@peer:8761/eureka/')).toBe('http://peer:8761/eureka/');
    expect(scrubCredentials('http://peer:8761/eureka/')).toBe('http://peer:8761/eureka/');
  });
});

describe('what is forwarded to peers', () => {
  const change = (overrides: Partial<RegistryChange>): RegistryChange => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1', { lastDirtyTimestamp: 42 }), false);
    const lease = registry.leasesOf('ORDERS')!.get('o-1')!;
    return { kind: 'registered', app: 'ORDERS', id: 'o-1', instance: lease.holder, lease, isReplication: false, at: 1, ...overrides };
  };

  it('client writes become one item each, with the reference actions and expiries', () => {
    const now = 1_000;
    const register = changeWork(change({}), now, 30_000)!;
    expect(register.item.action).toBe('Register');
    expect(register.item.instanceInfo!.leaseInfo!.durationInSecs).toBe(90);
    expect(register.expiresAt).toBe(now + 30_000);
    expect(changeWork(change({ kind: 'cancelled' }), now, 5_000)).toEqual({
      item: { appName: 'ORDERS', id: 'o-1', action: 'Cancel' },
      expiresAt: now + 5_000,
    });
    expect(changeWork(change({ kind: 'status-changed' }), now, 5_000)!.item).toEqual({
      appName: 'ORDERS',
      id: 'o-1',
      lastDirtyTimestamp: 42,
      status: 'UP',
      action: 'StatusUpdate',
    });
    expect(changeWork(change({ kind: 'override-removed' }), now, 5_000)!.item.action).toBe('DeleteStatusOverride');
  });

  it('replicated writes and evictions are never forwarded (one hop; peers evict on their own clocks)', () => {
    expect(changeWork(change({ isReplication: true }), 0, 1)).toBeUndefined();
    expect(changeWork(change({ kind: 'evicted' }), 0, 1)).toBeUndefined();
  });

  it('heartbeats carry the override when one exists', () => {
    const c = change({});
    expect(heartbeatWork(c.lease, InstanceStatus.OUT_OF_SERVICE, 0).item.overriddenStatus).toBe('OUT_OF_SERVICE');
    expect('overriddenStatus' in heartbeatWork(c.lease, undefined, 0).item).toBe(false);
  });

  it('the registry tells replication about client heartbeats only', () => {
    const { registry } = newRegistry();
    registry.register(instance('ORDERS', 'o-1'), false);
    const seen: string[] = [];
    registry.onRenewed((lease) => seen.push(lease.holder.instanceId!));
    registry.renew('ORDERS', 'o-1', false);
    registry.renew('ORDERS', 'o-1', true);
    expect(seen).toEqual(['o-1']);
  });
});

describe('ReplicationBatchApplier (spec §12.4)', () => {
  const setup = () => {
    const { registry } = newRegistry();
    const changes: RegistryChange[] = [];
    registry.onChange((c) => changes.push(c));
    return { registry, changes, applier: new ReplicationBatchApplier(registry, { maxMetadataEntries: 2, maxFieldLength: 64 }) };
  };

  it('applies each item as a replication and answers per item in order', () => {
    const { registry, changes, applier } = setup();
    const items: ReplicationInstance[] = [
      { appName: 'ORDERS', id: 'o-1', action: 'Register', instanceInfo: instance('ORDERS', 'o-1', { lastDirtyTimestamp: 5_000 }) },
      { appName: 'ORDERS', id: 'o-1', action: 'Heartbeat', lastDirtyTimestamp: 5_000 },
      { appName: 'ORDERS', id: 'o-1', action: 'Heartbeat', lastDirtyTimestamp: 4_000 },
      { appName: 'ORDERS', id: 'o-1', action: 'StatusUpdate', status: 'OUT_OF_SERVICE', lastDirtyTimestamp: 5_000 },
      { appName: 'ORDERS', id: 'o-1', action: 'DeleteStatusOverride', status: 'UP' },
      { appName: 'ORDERS', id: 'nope', action: 'Cancel' },
      { appName: 'ORDERS', id: 'o-1', action: 'Cancel' },
    ];
    const responses = applier.apply(items);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 409, 200, 200, 404, 200]);
    expect(responses[2].responseEntity!.lastDirtyTimestamp).toBe(5_000);
    expect(changes.every((c) => c.isReplication)).toBe(true);
    expect(registry.size).toBe(0);
  });

  it('a replicated Register that fails validation still answers 200 (reference) and registers nothing', () => {
    const { registry, applier } = setup();
    const [response] = applier.apply([{ appName: 'ORDERS', id: 'x', action: 'Register', instanceInfo: instance('ORDERS', 'x', { ipAddr: '' }) }]);
    expect(response.statusCode).toBe(200);
    expect(registry.size).toBe(0);
  });

  it('a replicated Register over the size limits answers 200 (as for invalid ones) and registers nothing', () => {
    const { registry, applier } = setup();
    const big = instance('ORDERS', 'x');
    Object.assign(big.metadata, { a: '1', b: '2', c: '3' });
    expect(applier.apply([{ appName: 'ORDERS', id: 'x', action: 'Register', instanceInfo: big }])[0].statusCode).toBe(200);
    expect(applier.apply([{ appName: 'ORDERS', id: 'y', action: 'Register', instanceInfo: instance('ORDERS', 'y', { hostName: 'h'.repeat(65) }) }])[0].statusCode).toBe(200);
    expect(registry.size).toBe(0);
  });

  it('items missing what their action needs answer 500 without stopping the batch', () => {
    const { applier } = setup();
    const responses = applier.apply([
      { appName: 'ORDERS', id: 'x', action: 'Register' },
      { appName: 'ORDERS', id: 'x', action: 'StatusUpdate' },
      { appName: 'ORDERS', id: 'x', action: 'Cancel' },
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([500, 500, 404]);
  });
});
