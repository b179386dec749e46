import { INSTANCE_STATUSES, InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { Lease } from '../registry/lease';

/** The dashboard's filter (query parameters) and the registry facts it filters on. */

/** `zone` filter value that selects instances without a zone. */
export const NO_ZONE = '-';
/** `status` filter value that selects every status but UP. */
export const NOT_UP = 'NOT_UP';
export const DEFAULT_INSTANCE_LIMIT = 2000;
export const MAX_INSTANCE_LIMIT = 10_000;
const MAX_QUERY_LENGTH = 200;

export interface DashboardFilter {
  /** Case-insensitive text matched against application, instance id, host name and IP address. */
  q: string;
  /** A status name, `NOT_UP`, or '' for any. */
  status: string;
  /** A zone, `-` for none, or '' for any. */
  zone: string;
  /** Most instance ids listed (applications and counts are always complete). */
  limit: number;
}

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** Reads the filter from a query object (Express's may hold arrays or objects: only strings count). */
export function parseFilter(query: Record<string, unknown> | undefined): DashboardFilter {
  const q = query ?? {};
  const status = firstString(q.status).trim().toUpperCase();
  const rawLimit = Number(firstString(q.limit));
  return {
    q: firstString(q.q).trim().slice(0, MAX_QUERY_LENGTH),
    status: status === NOT_UP || (INSTANCE_STATUSES as readonly string[]).includes(status) ? status : '',
    zone: firstString(q.zone).trim().slice(0, MAX_QUERY_LENGTH),
    limit:
      Number.isSafeInteger(rawLimit) && rawLimit > 0 ? Math.min(rawLimit, MAX_INSTANCE_LIMIT) : DEFAULT_INSTANCE_LIMIT,
  };
}

export function isFiltering(filter: DashboardFilter): boolean {
  return filter.q !== '' || filter.status !== '' || filter.zone !== '';
}

export function matches(instance: InstanceInfo, id: string, zone: string, filter: DashboardFilter): boolean {
  if (filter.status === NOT_UP ? instance.status === InstanceStatus.UP : filter.status !== '' && instance.status !== filter.status) {
    return false;
  }
  if (filter.zone !== '' && (filter.zone === NO_ZONE ? zone !== '' : zone !== filter.zone)) return false;
  if (filter.q === '') return true;
  const needle = filter.q.toLowerCase();
  return [instance.app, id, instance.hostName, instance.ipAddr].some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

// ---- registry facts --------------------------------------------------------------------------------

/** Availability zone: Amazon's `availability-zone`, else the `zone` metadata Spring clients set; '' when none. */
export function zoneOf(instance: InstanceInfo): string {
  if (instance.dataCenterInfo?.name === 'Amazon') return instance.dataCenterInfo.metadata?.['availability-zone'] ?? '';
  const zone = instance.metadata?.zone;
  return typeof zone === 'string' ? zone : '';
}

/** Spring's AMIs column: the Amazon `ami-id`, `n/a` elsewhere. */
export function amiOf(instance: InstanceInfo): string {
  if (instance.dataCenterInfo?.name === 'Amazon') return instance.dataCenterInfo.metadata?.['ami-id'] ?? 'n/a';
  return 'n/a';
}

/**
 * When the last heartbeat arrived. `Lease.renew` stores `now + duration` (the reference's quirk),
 * so a lease that was renewed has `lastUpdateTimestamp - duration`; one never renewed since it
 * was registered still has its registration time there: undefined.
 */
export function lastHeartbeatOf(lease: Lease): number | undefined {
  return lease.lastUpdateTimestamp > lease.registrationTimestamp ? lease.lastUpdateTimestamp - lease.durationMs : undefined;
}
