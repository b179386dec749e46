import { InstanceInfo, emptyMetadata } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { RandomStrategy } from './random.strategy';
import { RoundRobinStrategy } from './round-robin.strategy';
import { ZonePreferenceStrategy } from './zone-preference.strategy';

const inst = (id: string, zone?: string): InstanceInfo => {
  const metadata = emptyMetadata();
  if (zone) metadata.zone = zone;
  return sampleInstance({ instanceId: id, metadata });
};
const count = (picks: (InstanceInfo | undefined)[]) =>
  picks.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i?.instanceId ?? '-']: (acc[i?.instanceId ?? '-'] ?? 0) + 1 }), {});

describe('load-balancing strategies', () => {
  const three = [inst('a'), inst('b'), inst('c')];

  it('round robin cycles exactly, one counter per app', () => {
    const rr = new RoundRobinStrategy();
    const picks = Array.from({ length: 9 }, () => rr.choose(three, { app: 'X' })?.instanceId);
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    expect(rr.choose(three, { app: 'Y' })?.instanceId).toBe('a');
    expect(count(Array.from({ length: 300 }, () => rr.choose(three, { app: 'Z' })))).toEqual({ a: 100, b: 100, c: 100 });
    expect(rr.choose([], { app: 'X' })).toBeUndefined();
  });

  it('random spreads over every instance', () => {
    let seed = 1;
    const random = new RandomStrategy(() => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646);
    const counts = count(Array.from({ length: 3000 }, () => random.choose(three)));
    for (const id of ['a', 'b', 'c']) expect(counts[id]).toBeGreaterThan(850);
    expect(new RandomStrategy(() => 0.9999999).choose(three)?.instanceId).toBe('c');
  });

  it('zone preference round-robins within the zone and falls back to all', () => {
    const zp = new ZonePreferenceStrategy();
    const mixed = [inst('a1', 'zone-a'), inst('b1', 'zone-b'), inst('a2', 'zone-a'), inst('n')];
    expect(count(Array.from({ length: 10 }, () => zp.choose(mixed, { app: 'X', zone: 'zone-a' })))).toEqual({ a1: 5, a2: 5 });
    expect(count(Array.from({ length: 8 }, () => zp.choose(mixed, { app: 'X', zone: 'zone-c' })))).toEqual({ a1: 2, b1: 2, a2: 2, n: 2 });
  });
});
