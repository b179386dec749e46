import type { DashboardFilter, OverviewView } from './dashboard.view';

/** A built overview is served again for this long (the page's live refresh is every 10 s). */
export const OVERVIEW_TTL_MS = 1000;
/**
 * Main-thread time overview builds may take per second (a build walks the whole registry: some
 * 70 ms at 5,000 instances). Past it, a request is served the last overview built for its filter,
 * or refused (503) when there is none: dashboard traffic, open by default, cannot take the time
 * heartbeats need.
 */
export const OVERVIEW_BUILD_BUDGET_MS_PER_SECOND = 200;
/** Filters remembered; the oldest is forgotten first. */
const MAX_ENTRIES = 32;

interface Entry {
  view: OverviewView;
  builtAt: number;
  stamp: string;
}

/**
 * The dashboard's home data, built at most once per filter and `OVERVIEW_TTL_MS` while the registry
 * state it shows (the caller's `stamp`: changes, renewal figures) stays the same, within a time budget.
 */
export class OverviewCache {
  private readonly entries = new Map<string, Entry>();
  private budgetMs = OVERVIEW_BUILD_BUDGET_MS_PER_SECOND;
  private refilledAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.refilledAt = this.now();
  }

  /** The overview for `filter`: fresh from the cache, newly built, stale, or undefined (over budget, none built). */
  get(filter: DashboardFilter, stamp: string, build: () => OverviewView): OverviewView | undefined {
    const key = `${filter.q}\u0000${filter.status}\u0000${filter.zone}\u0000${filter.limit}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.stamp === stamp && now - cached.builtAt < OVERVIEW_TTL_MS) return cached.view;
    this.refill(now);
    if (this.budgetMs <= 0) return cached?.view;
    const view = build();
    const done = this.now();
    this.budgetMs -= done - now;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { view, builtAt: done, stamp });
    return view;
  }

  private refill(now: number): void {
    const elapsed = now - this.refilledAt;
    this.refilledAt = now;
    this.budgetMs = Math.min(OVERVIEW_BUILD_BUDGET_MS_PER_SECOND, this.budgetMs + (elapsed * OVERVIEW_BUILD_BUDGET_MS_PER_SECOND) / 1000);
  }
}
