import { normalizeDashboardPath } from '../config/dashboard-path.option';

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
