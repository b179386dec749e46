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
