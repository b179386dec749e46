import { createHash } from 'node:crypto';
import { DASHBOARD_CLIENT_JS } from './dashboard.client';
import { DASHBOARD_CSS } from './dashboard.styles';

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Eureka">' +
  '<circle cx="16" cy="16" r="15" fill="#ffffff"/><circle cx="16" cy="16" r="12" fill="#2e7d57"/>' +
  '<path d="M11 9h10v3h-6.5v2.5h5.5v3h-5.5V20H21v3H11z" fill="#ffffff"/></svg>';

export interface DashboardAsset {
  contentType: string;
  body: string;
  /** Short content hash: part of the asset URL, so it can be cached for good. */
  version: string;
}

function asset(contentType: string, body: string): DashboardAsset {
  return { contentType, body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

/** Everything the pages load, served under `{path}/dashboard/assets/`. */
export const DASHBOARD_ASSETS: Readonly<Record<string, DashboardAsset>> = Object.freeze({
  'dashboard.css': asset('text/css; charset=utf-8', DASHBOARD_CSS),
  'dashboard.js': asset('text/javascript; charset=utf-8', DASHBOARD_CLIENT_JS),
  'logo.svg': asset('image/svg+xml', LOGO_SVG),
});
