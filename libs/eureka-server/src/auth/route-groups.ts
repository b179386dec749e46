import { isReplication } from '../web/content-negotiation';
import { ROLE_BITS } from './resolve-auth-options';

/**
 * The route groups authentication is configured by: the client API under `/eureka`, peer
 * replication, and the dashboard. Each controller of the server belongs to one.
 */
export type RouteGroup = 'api' | 'replication' | 'dashboard';

/** Metadata key holding a controller's `RouteGroup`. */
export const EUREKA_ROUTE_GROUP = 'EUREKA_SERVER:ROUTE_GROUP';

const READS = new Set(['GET', 'HEAD']);
const DASHBOARD_ACTION = ROLE_BITS.dashboard | ROLE_BITS.write;

/** The role bits a request needs: every one of them must be held. */
export function requiredRoles(group: RouteGroup, method: string, headers: Record<string, string | string[] | undefined>): number {
  const read = READS.has(method);
  switch (group) {
    case 'replication':
      return ROLE_BITS.replicate;
    case 'dashboard':
      return read ? ROLE_BITS.dashboard : DASHBOARD_ACTION;
    case 'api':
      if (read) return ROLE_BITS.read;
      // The same test the handlers use, so a write is authorised as what it will be applied as.
      return isReplication(headers['x-netflix-discovery-replication'] as string | undefined) ? ROLE_BITS.replicate : ROLE_BITS.write;
  }
}

/** `write` and `dashboard` -> `"write" and "dashboard"`: the missing roles, for 403 messages. */
export function describeRoles(mask: number): string {
  return Object.entries(ROLE_BITS)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([role]) => `"${role}"`)
    .join(' and ');
}
