import type { DashboardFilter } from './dashboard.filter';

/** A rendered overview is served again for this long (the page's live refresh is every 10 s). */
export const OVERVIEW_TTL_MS = 1000;
/**
 * CPU time overview renders may take per second (walking the whole registry and writing the
 * page: some 25 ms at 5,000 instances). Past it, a request is served the last page rendered for its
 * key, or refused (503) when there is none: dashboard traffic, open by default, cannot take the
 * time heartbeats need.
 */
export const OVERVIEW_BUILD_BUDGET_MS_PER_SECOND = 200;
/** Filters remembered; the oldest is forgotten first. */
const MAX_ENTRIES = 32;

interface Entry {
  body: string;
  builtAt: number;
  stamp: string;
}

/**
 * The dashboard's home page and overview JSON, rendered at most once per key (filter and page
 * options) and `OVERVIEW_TTL_MS` while the registry state they show (the caller's `stamp`: changes,
 * renewal figures) stays the same, within a main-thread time budget.
 */
export class OverviewCache {
  private readonly entries = new Map<string, Entry>();
  private budgetMs = OVERVIEW_BUILD_BUDGET_MS_PER_SECOND;
  private refilledAt: number;

  /**
   * `now` is wall time (the TTL, the refill); `cpu` the process's CPU time in ms, which is what a
   * render is charged: on a busy machine a render takes longer in wall time without costing more.
   */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly cpu: () => number = processCpuMs,
  ) {
    this.refilledAt = this.now();
  }

  /** The body for `key`: fresh from the cache, newly rendered, stale, or undefined (over budget, none rendered). */
  get(key: string, stamp: string, render: () => string): string | undefined {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.stamp === stamp && now - cached.builtAt < OVERVIEW_TTL_MS) return cached.body;
    this.refill(now);
    if (this.budgetMs <= 0) return cached?.body;
    const cpuBefore = this.cpu();
    const body = render();
    const done = this.now();
    this.budgetMs -= this.cpu() - cpuBefore;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { body, builtAt: done, stamp });
    return body;
  }

  /** The part of a key that a filter decides. */
  static filterKey(filter: DashboardFilter): string {
    return `${filter.q}\u0000${filter.status}\u0000${filter.zone}\u0000${filter.limit}`;
  }

  private refill(now: number): void {
    const elapsed = now - this.refilledAt;
    this.refilledAt = now;
    this.budgetMs = Math.min(OVERVIEW_BUILD_BUDGET_MS_PER_SECOND, this.budgetMs + (elapsed * OVERVIEW_BUILD_BUDGET_MS_PER_SECOND) / 1000);
  }
}

function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
