import { InstanceStatus } from '@nest-eureka/protocol';
import { instance, newRegistry } from '../registry/testing/instance.fixture';
import { cacheKey } from './cache-key';
import { createPayloadGenerator } from './payload-generator';
import { MAX_READ_ONLY_KEYS, ResponseCache } from './response-cache';

function setup(useReadOnlyResponseCache = false) {
  const { registry, clock } = newRegistry();
  const cache = new ResponseCache(
    { useReadOnlyResponseCache, responseCacheAutoExpirationInSeconds: 180 },
    clock,
    createPayloadGenerator(registry),
  );
  registry.onChange((c) => cache.onChange(c));
  return { registry, clock, cache };
}

const text = (cache: ResponseCache, entity: Parameters<typeof cacheKey>[0], name = '', accept: 'full' | 'compact' = 'full') =>
  cache.get(cacheKey(entity, name, 'json', accept)).body.toString('utf8');

describe('ResponseCache', () => {
  it('generates once and serves the same bytes until a change invalidates the key', () => {
    const { registry, cache } = setup();
    registry.register(instance('ORDERS', 'o-1'), false);
    const first = cache.get(cacheKey('apps', '', 'json', 'full'));
    expect(cache.get(cacheKey('apps', '', 'json', 'full'))).toBe(first);
    expect(cache.generatedCount).toBe(1);
    registry.register(instance('ORDERS', 'o-2'), false);
    expect(cache.get(cacheKey('apps', '', 'json', 'full'))).not.toBe(first);
    expect(cache.generatedCount).toBe(2);
  });

  it('keeps gzip only for the full registry and the delta', () => {
    const { registry, cache } = setup();
    registry.register(instance('ORDERS', 'o-1'), false);
    expect(cache.get(cacheKey('apps', '', 'xml', 'full')).gzip).toBeInstanceOf(Buffer);
    expect(cache.get(cacheKey('delta', '', 'json', 'compact')).gzip).toBeInstanceOf(Buffer);
    expect(cache.get(cacheKey('app', 'ORDERS', 'json', 'full')).gzip).toBeUndefined();
  });

  it('marks an application without instances as empty (404)', () => {
    const { cache } = setup();
    expect(cache.get(cacheKey('app', 'NOPE', 'json', 'full')).empty).toBe(true);
  });

  it('invalidates per-token and compact VIP keys, which the reference leaves stale', () => {
    const { registry, cache } = setup();
    registry.register(instance('ORDERS', 'o-1', { vipAddress: 'orders,shop' }), false);
    expect(text(cache, 'vip', 'shop')).toContain('"status":"UP"');
    expect(text(cache, 'vip', 'shop', 'compact')).toContain('"status":"UP"');
    registry.statusUpdate('ORDERS', 'o-1', InstanceStatus.OUT_OF_SERVICE, undefined, false);
    expect(text(cache, 'vip', 'shop')).toContain('"status":"OUT_OF_SERVICE"');
    expect(text(cache, 'vip', 'shop', 'compact')).toContain('"status":"OUT_OF_SERVICE"');
  });

  it('invalidates the VIP a re-registration moved away from', () => {
    const { registry, cache } = setup();
    registry.register(instance('ORDERS', 'o-1', { vipAddress: 'old-vip' }), false);
    expect(text(cache, 'vip', 'old-vip')).toContain('o-1');
    registry.register(instance('ORDERS', 'o-1', { vipAddress: 'new-vip' }), false);
    expect(text(cache, 'vip', 'old-vip')).not.toContain('o-1');
    expect(text(cache, 'vip', 'new-vip')).toContain('o-1');
  });

  it('read-only tier: serves the copy until refreshReadOnly, then the regenerated payload', () => {
    const { registry, cache } = setup(true);
    expect(text(cache, 'apps')).toContain('"application":[]');
    registry.register(instance('ORDERS', 'o-1'), false);
    expect(text(cache, 'apps')).toContain('"application":[]');
    cache.refreshReadOnly();
    expect(text(cache, 'apps')).toContain('o-1');
  });

  it('read-write entries expire after responseCacheAutoExpirationInSeconds even without a change', () => {
    const { registry, clock, cache } = setup();
    registry.register(instance('ORDERS', 'o-1'), false);
    const first = cache.get(cacheKey('apps', '', 'json', 'full'));
    clock.advance(180_000);
    expect(cache.get(cacheKey('apps', '', 'json', 'full'))).toBe(first);
    clock.advance(1);
    expect(cache.get(cacheKey('apps', '', 'json', 'full'))).not.toBe(first);
  });

  it('bounds the read-only tier: random VIP names cannot grow it past MAX_READ_ONLY_KEYS', () => {
    const { cache } = setup(true);
    for (let i = 0; i < MAX_READ_ONLY_KEYS + 50; i++) cache.get(cacheKey('vip', `v${i}`, 'json', 'full'));
    expect(cache.size.readOnly).toBe(MAX_READ_ONLY_KEYS);
  });
});
