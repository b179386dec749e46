import { Applications, InstanceInfo, emptyMetadata } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { DiscoveryClient } from './discovery-client';
import { RandomStrategy } from './random.strategy';
import { RegistryCache } from './registry-cache';
import { ZonePreferenceStrategy } from './zone-preference.strategy';

const inst = (app: string, id: string, extra: Partial<InstanceInfo> = {}) => {
  const metadata = emptyMetadata();
  if (id.endsWith('z')) metadata.zone = 'zone-b';
  return sampleInstance({ app, instanceId: id, metadata, vipAddress: `${app.toLowerCase()}-vip`, secureVipAddress: `${app.toLowerCase()}-svip`, ...extra });
};
const registry: Applications = {
  versionDelta: '1',
  appsHashCode: '',
  applications: [
    { name: 'ORDERS', instances: [inst('ORDERS', 'o1'), inst('ORDERS', 'o2', { status: 'DOWN' }), inst('ORDERS', 'o3z')] },
    { name: 'BILLING', instances: [inst('BILLING', 'b1', { status: 'STARTING' })] },
  ],
};

function client(filterOnlyUpInstances = true, zone?: string): DiscoveryClient {
  const cache = new RegistryCache({ filterOnlyUpInstances });
  cache.replace(registry);
  const metadataMap: Record<string, string> = zone ? { zone } : {};
  return new DiscoveryClient(cache, new ApplicationsChangedNotifier(), { metadataMap, availabilityZones: {}, region: 'us-east-1' });
}

describe('DiscoveryClient', () => {
  it('serves filtered views with case-insensitive lookups', () => {
    const c = client();
    expect(c.getApplications().map((a) => [a.name, a.instances.map((i) => i.instanceId)])).toEqual([['ORDERS', ['o1', 'o3z']]]);
    expect(c.getInstancesByAppId('orders').map((i) => i.instanceId)).toEqual(['o1', 'o3z']);
    expect(c.getInstancesByAppId('billing')).toEqual([]);
    expect(c.getInstancesByAppId('nope')).toEqual([]);
    expect(c.getInstancesByVipAddress('ORDERS-VIP').map((i) => i.instanceId)).toEqual(['o1', 'o3z']);
    expect(c.getInstancesByVipAddress('orders-svip', true)).toHaveLength(2);
    expect(c.getInstancesByVipAddress('orders-svip')).toHaveLength(0);
    expect(c.getInstance('o2')?.status).toBe('DOWN');
    expect(c.hasApplication('Billing')).toBe(true);
    expect(c.choose('billing')).toBeUndefined();
    expect(c.zone).toBe('defaultZone');
  });

  it('returns copies callers may change', () => {
    const c = client();
    c.getInstancesByAppId('ORDERS').pop();
    c.getApplications()[0].instances.pop();
    expect(c.getInstancesByAppId('ORDERS')).toHaveLength(2);
  });

  it('does not filter when filterOnlyUpInstances is false', () => {
    const c = client(false);
    expect(c.getInstancesByAppId('ORDERS')).toHaveLength(3);
    expect(c.getApplications().map((a) => a.name)).toEqual(['ORDERS', 'BILLING']);
  });

  it('chooses round robin by default, and with a pluggable strategy', () => {
    const c = client(true, 'zone-b');
    expect([c.choose('orders'), c.choose('ORDERS'), c.choose('Orders')].map((i) => i?.instanceId)).toEqual(['o1', 'o3z', 'o1']);
    c.setStrategy(new ZonePreferenceStrategy());
    expect([c.choose('orders'), c.choose('orders')].map((i) => i?.instanceId)).toEqual(['o3z', 'o3z']);
    c.setStrategy(new RandomStrategy(() => 0));
    expect(c.choose('orders')?.instanceId).toBe('o1');
    expect(c.getStrategy()).toBeInstanceOf(RandomStrategy);
  });
});
