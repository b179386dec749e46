/**
 * The dashboard's base path (`dashboardPath`, Spring's `eureka.dashboard.path`). Spring accepts
 * `dashboard` as well as `/dashboard/`; so do we: a leading slash is added, trailing ones dropped.
 * Only unreserved URL characters and `/` are allowed, so the value can never carry route syntax
 * (`:param`, `*`) or anything that needs escaping in HTML.
 */
const SEGMENTS = /^\/?([A-Za-z0-9._~-]+\/?)*$/;

export function isValidDashboardPath(value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() !== value || value.length === 0 || value.length > 200) return false;
  if (!SEGMENTS.test(value)) return false;
  return value.split('/').every((segment) => segment !== '.' && segment !== '..');
}

export const DASHBOARD_PATH_TEXT = 'a URL path such as "/" or "/dashboard" (letters, digits, "-._~" and "/")';

/** `dashboard/` -> `/dashboard`; `/` stays `/`. */
export function normalizeDashboardPath(value: string): string {
  const withSlash = value.startsWith('/') ? value : `/${value}`;
  const trimmed = withSlash.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export const DASHBOARD_ACTIONS = ['out-of-service', 'clear-override', 'deregister'] as const;
export type DashboardActionName = (typeof DASHBOARD_ACTIONS)[number];

/**
 * Every URL the dashboard links to, built from its base path. Spring's pages keep Spring's
 * places (`{path}`, `{path}/lastn`); everything this dashboard adds lives under
 * `{path}/dashboard/`, so an application embedding the server at `/` keeps the rest of its
 * routes. Path segments taken from the registry are percent-encoded here.
 */
export class DashboardLinks {
  /** `''` for a dashboard at `/`, else `/path`. */
  private readonly prefix: string;

  constructor(dashboardPath: string) {
    const base = normalizeDashboardPath(dashboardPath);
    this.prefix = base === '/' ? '' : base;
  }

  home(query?: Record<string, string | undefined>): string {
    return withQuery(this.prefix || '/', query);
  }

  lastn(): string {
    return `${this.prefix}/lastn`;
  }

  instance(app: string, id: string): string {
    return `${this.prefix}/dashboard/instance/${encodeURIComponent(app)}/${encodeURIComponent(id)}`;
  }

  action(app: string, id: string, action: DashboardActionName): string {
    return `${this.prefix}/dashboard/actions/${encodeURIComponent(app)}/${encodeURIComponent(id)}/${action}`;
  }

  overviewJson(): string {
    return `${this.prefix}/dashboard/api/overview`;
  }

  lastnJson(): string {
    return `${this.prefix}/dashboard/api/lastn`;
  }

  instanceJson(app: string, id: string): string {
    return `${this.prefix}/dashboard/api/instance/${encodeURIComponent(app)}/${encodeURIComponent(id)}`;
  }

  asset(name: string, version: string): string {
    return `${this.prefix}/dashboard/assets/${name}?v=${version}`;
  }
}

function withQuery(path: string, query?: Record<string, string | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
