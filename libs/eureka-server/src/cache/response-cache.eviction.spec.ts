import { instance, newRegistry } from '../registry/testing/instance.fixture';
import { CacheEntity, cacheKey, CacheKey } from './cache-key';
import { createPayloadGenerator } from './payload-generator';
import { ResponseCache } from './response-cache';

const SEC = 1000;

/**
 * ORDERS (vip "orders,shop") and BILLING lose 10 of their 30 instances to an eviction pass; USERS
 * (vip "users,shop") keeps all of its 10. Instances are registered interleaved, so victims of
 * different applications alternate in table order.
 */
function setup() {
  const { registry, clock } = newRegistry({ enableSelfPreservation: false, renewalPercentThreshold: 0.5 });
  const options = { useReadOnlyResponseCache: false, responseCacheAutoExpirationInSeconds: 180 };
  const batched = new ResponseCache(options, clock, createPayloadGenerator(registry));
  const oneByOne = new ResponseCache(options, clock, createPayloadGenerator(registry));
  registry.onChange(batched);
  registry.onChange((c) => oneByOne.onChange(c));
  const records = [];
  for (let i = 0; i < 30; i++) {
    records.push(instance('ORDERS', `o-${i}`, { vipAddress: 'orders,shop', secureVipAddress: 'orders-s' }));
    records.push(instance('BILLING', `b-${i}`, { vipAddress: 'billing', secureVipAddress: 'billing-s' }));
    if (i < 10) records.push(instance('USERS', `u-${i}`, { vipAddress: 'users,shop', secureVipAddress: 'users-s' }));
  }
  for (const r of records) registry.register(r, false);
  clock.advance(60 * SEC);
  for (const r of records) if (r.app === 'USERS' || Number(r.instanceId!.slice(2)) >= 10) registry.renew(r.app, r.instanceId!, false);
  clock.advance(31 * SEC);
  return { registry, batched, oneByOne };
}

const keys: CacheKey[] = [];
for (const format of ['json', 'xml'] as const) {
  for (const accept of ['full', 'compact'] as const) {
    const named: Array<[CacheEntity, string]> = [
      ['apps', ''],
      ['delta', ''],
      ['app', 'ORDERS'],
      ['app', 'BILLING'],
      ['app', 'USERS'],
      ['vip', 'orders,shop'],
      ['vip', 'orders'],
      ['vip', 'shop'],
      ['vip', 'billing'],
      ['vip', 'users,shop'],
      ['vip', 'users'],
      ['svip', 'orders-s'],
      ['svip', 'billing-s'],
      ['svip', 'users-s'],
    ];
    for (const [entity, name] of named) keys.push(cacheKey(entity, name, format, accept));
  }
}

/** The ids of the keys a read regenerates (the entries the pass invalidated). */
function regenerated(cache: ResponseCache): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const before = cache.generatedCount;
    cache.get(key);
    if (cache.generatedCount > before) out.push(`${key.entity}:${key.name}:${key.format}:${key.accept}`);
  }
  return out.sort();
}

describe('ResponseCache: an eviction pass as one batch', () => {
  it('invalidates exactly the entries of the evicted records, as one change per victim does', () => {
    const { registry, batched, oneByOne } = setup();
    for (const key of keys) {
      batched.get(key);
      oneByOne.get(key);
    }
    expect(regenerated(batched)).toEqual([]);
    expect(registry.evict(0)).toBe(20);

    const expected: string[] = [];
    for (const format of ['json', 'xml']) {
      for (const accept of ['full', 'compact']) {
        for (const name of ['apps:', 'delta:', 'app:ORDERS', 'app:BILLING', 'vip:orders,shop', 'vip:orders', 'vip:shop', 'vip:billing', 'svip:orders-s', 'svip:billing-s']) {
          expected.push(`${name}:${format}:${accept}`);
        }
      }
    }
    expect(regenerated(oneByOne)).toEqual(expected.sort());
    expect(regenerated(batched)).toEqual(expected.sort());
  });

  it('serves the registry without the victims after the pass', () => {
    const { registry, batched } = setup();
    const full = cacheKey('apps', '', 'json', 'full');
    const shop = cacheKey('vip', 'shop', 'json', 'full');
    expect(batched.get(full).body.toString()).toContain('"o-0"');
    expect(batched.get(shop).body.toString()).toContain('"o-0"');
    registry.evict(0);
    const body = batched.get(full).body.toString();
    expect(body).not.toContain('"o-0"');
    expect(body).toContain('"o-10"');
    expect(batched.get(shop).body.toString()).not.toContain('"o-0"');
    expect(batched.get(shop).body.toString()).toContain('"u-0"');
    const delta = JSON.parse(batched.get(cacheKey('delta', '', 'json', 'full')).body.toString());
    const orders = delta.applications.application.find((a: { name: string }) => a.name === 'ORDERS');
    const o0 = orders.instance.find((i: { instanceId: string }) => i.instanceId === 'o-0');
    expect(o0.actionType).toBe('DELETED');
  });

  it('a pass with no cached entries for its names only drops the full-registry and delta entries', () => {
    const { registry, batched } = setup();
    const users = cacheKey('app', 'USERS', 'json', 'full');
    const full = cacheKey('apps', '', 'json', 'full');
    const usersPayload = batched.get(users);
    const fullPayload = batched.get(full);
    registry.evict(0);
    expect(batched.get(users)).toBe(usersPayload);
    expect(batched.get(full)).not.toBe(fullPayload);
  });
});
