import { parseFilter } from './dashboard.filter';
import { OVERVIEW_BUILD_BUDGET_MS_PER_SECOND, OVERVIEW_TTL_MS, OverviewCache } from './overview.cache';

describe('OverviewCache', () => {
  let now = 0;
  const view = (n: number) => `page ${n}`;
  const key = (query: Record<string, string>) => OverviewCache.filterKey(parseFilter(query));
  /** A build that takes `cost` ms of the (fake) clock. */
  const building = (cost: number, n: number) => () => {
    now += cost;
    return view(n);
  };

  it('serves a build again for the same filter and registry state within the TTL, and rebuilds after either changes', () => {
    now = 0;
    const cache = new OverviewCache(() => now, () => now);
    const all = key({});
    expect(cache.get(all, 's1', building(1, 1))).toEqual(view(1));
    expect(cache.get(all, 's1', building(1, 2))).toEqual(view(1));
    expect(cache.get(all, 's2', building(1, 3))).toEqual(view(3)); // the registry changed
    expect(cache.get(key({ q: 'orders' }), 's2', building(1, 4))).toEqual(view(4)); // another filter
    now += OVERVIEW_TTL_MS;
    expect(cache.get(all, 's2', building(1, 5))).toEqual(view(5));
  });

  it(`spends at most ${OVERVIEW_BUILD_BUDGET_MS_PER_SECOND} ms a second on builds; past it, the last build or busy`, () => {
    now = 0;
    const cache = new OverviewCache(() => now, () => now);
    let builds = 0;
    const expensive = () => {
      builds++;
      now += 70;
      return view(builds);
    };
    // A caller varying the filter on every request defeats the TTL: the budget still holds.
    const answers = Array.from({ length: 20 }, (_, i) => cache.get(key({ q: `x${i}` }), 's', expensive));
    // 200 ms of budget, refilled at 200 ms a second while the builds run: 4 builds of 70 ms.
    expect(builds).toBe(4);
    expect(answers.slice(4).every((a) => a === undefined)).toBe(true); // never built: busy
    expect(cache.get(key({ q: 'x0' }), 'changed', expensive)).toEqual(view(1)); // stale, but built before
    now += 1000; // a second later the budget is back
    expect(cache.get(key({ q: 'x19' }), 's', expensive)).toEqual(view(5));
  });
});
