import { InstanceStatus } from '@nest-eureka/protocol';
import { InstanceRegistry } from '../registry/instance-registry';
import { ACTION_TEXTS } from './dashboard.messages';
import { DashboardActionName } from './dashboard-path';

export interface ActionOutcome {
  ok: boolean;
  /** 200 done, 404 no such instance. */
  code: 200 | 404;
  message: string;
}

/**
 * The dashboard's writes, each the registry action its REST twin performs for a client
 * (not marked as replication, so peers get it through the change stream like any client write):
 * - out-of-service = `PUT apps/{app}/{id}/status?value=OUT_OF_SERVICE`
 * - clear-override = `DELETE apps/{app}/{id}/status` (status UNKNOWN until the next heartbeat
 *   makes the client re-register with its own status, as in the reference)
 * - deregister     = `DELETE apps/{app}/{id}`
 */
export function performDashboardAction(registry: InstanceRegistry, action: DashboardActionName, app: string, id: string): ActionOutcome {
  let found: boolean;
  switch (action) {
    case 'out-of-service':
      found = registry.statusUpdate(app, id, InstanceStatus.OUT_OF_SERVICE, undefined, false);
      break;
    case 'clear-override':
      found = registry.deleteStatusOverride(app, id, InstanceStatus.UNKNOWN, undefined, false);
      break;
    case 'deregister':
      found = registry.cancel(app, id, false);
      break;
  }
  return found
    ? { ok: true, code: 200, message: ACTION_TEXTS[action].done }
    : { ok: false, code: 404, message: `${app}/${id} is not registered (any more).` };
}

export interface OriginHeaders {
  origin?: string;
  host?: string;
  'sec-fetch-site'?: string;
}

/**
 * Rejects a write a browser sent from another site (a page elsewhere posting a form to this
 * dashboard: no CORS preflight protects `application/x-www-form-urlencoded`). Same decision as
 * Go's `CrossOriginProtection` (and Nest's opt-in CSRF check): `Sec-Fetch-Site` same-origin or
 * none passes; without it, a request without `Origin` (curl, scripts) passes, and one with
 * `Origin` must name this host. Returns the reason to refuse, or undefined.
 */
export function crossOriginRefusal(headers: OriginHeaders): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) {
    return site === 'same-origin' || site === 'none' ? undefined : `cross-site request refused (Sec-Fetch-Site: ${site})`;
  }
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    const url = new URL(origin);
    const defaultPort = url.protocol === 'https:' ? '443' : '80';
    originHost = url.port === '' || url.port === defaultPort ? url.hostname : `${url.hostname}:${url.port}`;
  } catch {
    return 'cross-site request refused (unreadable Origin)';
  }
  const host = (headers.host ?? '').toLowerCase().replace(/:(80|443)$/, '');
  return originHost.toLowerCase() === host ? undefined : 'cross-site request refused (Origin does not match Host)';
}
