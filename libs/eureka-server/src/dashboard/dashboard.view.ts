import { INSTANCE_STATUSES, InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { InstanceRegistry } from '../registry/instance-registry';
import { Lease } from '../registry/lease';
import { decorateWithLease } from '../registry/registry-documents';
import { PeerNodeStats } from '../replication/peer/peer-eureka.node';
import { serverInstanceInfo } from '../status/server-identity';
import { formatUptime, serverStatusFigures } from '../status/server-status';
import { formatAge, formatServerTime } from './format';
import {
  BannerFigures,
  SPRING_BANNERS,
  belowWithoutProtectionExplanation,
  emergencyExplanation,
  selfPreservationOffExplanation,
} from './dashboard.messages';

/**
 * What the dashboard shows, computed from the registry on each request (nothing is cached or
 * kept between requests, and nothing runs on the registry's write path). The HTML pages render
 * these views and the JSON endpoints return them as they are, so both always agree.
 */

export interface DashboardSources {
  registry: InstanceRegistry;
  /** Stats of every peer node (`PeerReplication.stats().peers`). */
  peers: () => readonly PeerNodeStats[];
  options: EurekaServerOptions;
  now: number;
  /** The port the server listens on (`/status` and General Info show it). */
  port: number;
}

// ---- filter --------------------------------------------------------------------------------------

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

function matches(instance: InstanceInfo, id: string, zone: string, filter: DashboardFilter): boolean {
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

// ---- overview (home page and /dashboard/api/overview) ------------------------------------------

export interface CountEntry {
  name: string;
  count: number;
}

export interface InstanceRef {
  id: string;
  /** The registered status page, only when it is an absolute http(s) URL (Spring's `isHref`). */
  statusPageUrl?: string;
  leaseExpired: boolean;
}

export interface StatusGroup {
  status: InstanceStatus;
  notUp: boolean;
  count: number;
  /** At most `filter.limit` ids over the whole page; `count` is always the full count. */
  instances: InstanceRef[];
}

export interface ApplicationRow {
  name: string;
  instanceCount: number;
  amis: CountEntry[];
  /** Zone '' is "no zone". */
  zones: CountEntry[];
  groups: StatusGroup[];
}

export type BannerKind = 'emergency' | 'below-threshold-unprotected' | 'self-preservation-off';

export interface Banner {
  kind: BannerKind;
  /** Spring's headline, word for word. */
  headline: string;
  why: string;
  what: string[];
}

export interface ReplicaRow {
  /** `host:port` (Spring keys replicas by host). */
  host: string;
  /** Service URL, credentials removed. */
  url: string;
  reachable: boolean;
  queued: number;
  inFlight: number;
  dropped: number;
  expired: number;
  failed: number;
  /** Batch calls re-queued after a network error, time-out or 503. */
  retried: number;
  sentItems: number;
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastError?: string;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface OverviewView {
  generatedAt: number;
  system: {
    environment: string;
    datacenter: string;
    currentTime: string;
    uptime: string;
    leaseExpirationEnabled: boolean;
    renewsThreshold: number;
    /** Renewals per minute, measured over the last `renewsWindowSeconds` (a minute unless a lease is shorter). */
    renewsLastMin: number;
    renewsWindowSeconds: number;
    selfPreservationEnabled: boolean;
    expectedClients: number;
  };
  banner: Banner | null;
  replicas: ReplicaRow[];
  filter: DashboardFilter;
  /** Every zone in the registry, '' (no zone) included when some instance has none. */
  zones: string[];
  totals: {
    applications: number;
    instances: number;
    byStatus: Record<InstanceStatus, number>;
    matchingApplications: number;
    matchingInstances: number;
    listedInstances: number;
    truncated: boolean;
  };
  applications: ApplicationRow[];
  generalInfo: NameValue[];
  instanceInfo: NameValue[];
}

const STATUS_ORDER: readonly InstanceStatus[] = [
  InstanceStatus.UP,
  InstanceStatus.DOWN,
  InstanceStatus.STARTING,
  InstanceStatus.OUT_OF_SERVICE,
  InstanceStatus.UNKNOWN,
];

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function counts(map: Map<string, number>): CountEntry[] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, count]) => ({ name, count }));
}

export function bannerOf(sources: DashboardSources): Banner | null {
  const { registry, options, now } = sources;
  const sp = registry.selfPreservation;
  const threshold = sp.numberOfRenewsPerMinThreshold;
  // The same judgement as /health's `renews` (InstanceRegistry.isBelowRenewThreshold).
  const below = registry.isBelowRenewThreshold();
  const expected = sp.expectedNumberOfClientsSendingRenews;
  const perClient = expected > 0 ? sp.expectedRenewsPerMinute / expected : sp.defaultRenewsPerClient;
  const figures: BannerFigures = {
    renewsLastMin: Math.round(registry.renewsPerMinute()),
    windowSeconds: registry.renewals.windowSeconds(),
    threshold,
    expectedClients: expected,
    renewalsPerClientPerMinute: Math.round(perClient * 100) / 100,
    percent: options.renewalPercentThreshold,
    thresholdUpdateMinutes: Math.round((options.renewalThresholdUpdateIntervalMs / 60_000) * 10) / 10,
  };
  if (below && sp.enabled) return { kind: 'emergency', headline: SPRING_BANNERS.emergency, ...emergencyExplanation(figures) };
  if (below) {
    return { kind: 'below-threshold-unprotected', headline: SPRING_BANNERS.belowWithoutProtection, ...belowWithoutProtectionExplanation(figures) };
  }
  if (!sp.enabled) return { kind: 'self-preservation-off', headline: SPRING_BANNERS.selfPreservationOff, ...selfPreservationOffExplanation() };
  return null;
}

function replicaRow(stats: PeerNodeStats): ReplicaRow {
  let host = stats.url;
  try {
    host = new URL(stats.url).host;
  } catch {
    // keep the URL
  }
  return {
    host,
    url: stats.url,
    reachable: stats.reachable,
    queued: stats.queued,
    inFlight: stats.inFlight,
    dropped: stats.dropped,
    expired: stats.expired,
    failed: stats.failed,
    retried: stats.retried,
    sentItems: stats.sentItems,
    lastSuccessAt: stats.lastSuccessAt,
    lastFailureAt: stats.lastFailureAt,
    lastError: stats.lastError,
  };
}

export function buildOverview(sources: DashboardSources, filter: DashboardFilter): OverviewView {
  const { registry, options, now } = sources;
  const byStatus = Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as Record<InstanceStatus, number>;
  const zonesSeen = new Set<string>();
  const rows: ApplicationRow[] = [];
  let total = 0;
  let matching = 0;
  let listed = 0;
  const appNames = [...registry.applicationNames()].sort();
  for (const name of appNames) {
    const leases = registry.leasesOf(name);
    if (!leases || leases.size === 0) continue;
    const amis = new Map<string, number>();
    const zones = new Map<string, number>();
    const groups = new Map<InstanceStatus, StatusGroup>();
    const sorted = [...leases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [id, lease] of sorted) {
      const instance = lease.holder;
      const zone = zoneOf(instance);
      total++;
      byStatus[instance.status] = (byStatus[instance.status] ?? 0) + 1;
      zonesSeen.add(zone);
      if (!matches(instance, id, zone, filter)) continue;
      matching++;
      increment(amis, amiOf(instance));
      increment(zones, zone);
      let group = groups.get(instance.status);
      if (!group) {
        group = { status: instance.status, notUp: instance.status !== InstanceStatus.UP, count: 0, instances: [] };
        groups.set(instance.status, group);
      }
      group.count++;
      if (listed < filter.limit) {
        listed++;
        const ref: InstanceRef = { id, leaseExpired: lease.isExpired(now) };
        const url = instance.statusPageUrl;
        if (url && /^https?:\/\//i.test(url)) ref.statusPageUrl = url;
        group.instances.push(ref);
      }
    }
    if (groups.size === 0) continue;
    rows.push({
      name,
      instanceCount: [...groups.values()].reduce((n, g) => n + g.count, 0),
      amis: counts(amis),
      zones: counts(zones),
      groups: STATUS_ORDER.filter((s) => groups.has(s)).map((s) => groups.get(s)!),
    });
  }

  const peers = sources.peers().map(replicaRow);
  const started = registry.startedAt || now;
  const figures = serverStatusFigures(options.environment, now - started, peers.map((p) => ({ url: p.url, reachable: p.reachable })));
  const self = serverInstanceInfo(now, sources.port);
  const sp = registry.selfPreservation;
  return {
    generatedAt: now,
    system: {
      environment: options.environment,
      datacenter: options.datacenter,
      currentTime: formatServerTime(now),
      uptime: formatUptime(now - started),
      leaseExpirationEnabled: registry.isLeaseExpirationEnabled(),
      renewsThreshold: sp.numberOfRenewsPerMinThreshold,
      renewsLastMin: Math.round(registry.renewsPerMinute()),
      renewsWindowSeconds: registry.renewals.windowSeconds(),
      selfPreservationEnabled: sp.enabled,
      expectedClients: sp.expectedNumberOfClientsSendingRenews,
    },
    banner: bannerOf(sources),
    replicas: peers,
    filter,
    zones: [...zonesSeen].sort(),
    totals: {
      applications: appNames.filter((n) => (registry.leasesOf(n)?.size ?? 0) > 0).length,
      instances: total,
      byStatus,
      matchingApplications: rows.length,
      matchingInstances: matching,
      listedInstances: listed,
      truncated: listed < matching,
    },
    applications: rows,
    generalInfo: [...Object.entries(figures.generalStats), ...Object.entries(figures.applicationStats)].map(([name, value]) => ({
      name,
      value,
    })),
    instanceInfo: [
      { name: 'ipAddr', value: self.ipAddr },
      { name: 'status', value: self.status },
    ],
  };
}

// ---- last n (Spring's /lastn) --------------------------------------------------------------------

export interface LastnEntry {
  at: number;
  time: string;
  /** `APP(id)` as the reference records it. */
  lease: string;
}

export interface LastnView {
  generatedAt: number;
  cancelled: LastnEntry[];
  registered: LastnEntry[];
}

export function buildLastn(sources: Pick<DashboardSources, 'registry' | 'now'>): LastnView {
  const entry = (e: { at: number; label: string }): LastnEntry => ({ at: e.at, time: formatServerTime(e.at), lease: e.label });
  return {
    generatedAt: sources.now,
    cancelled: sources.registry.recentCancelled.newestFirst().map(entry),
    registered: sources.registry.recentRegistered.newestFirst().map(entry),
  };
}

// ---- one instance ----------------------------------------------------------------------------------

export interface TimeValue {
  at: number;
  time: string;
  /** `12 s ago` / `in 40 s`. */
  relative: string;
}

export interface InstanceView {
  generatedAt: number;
  app: string;
  id: string;
  status: InstanceStatus;
  /** The record's `overriddenStatus` (UNKNOWN when none). */
  overriddenStatus: InstanceStatus;
  /** The override the registry holds for it (what clear-override removes), if any. */
  statusOverride: InstanceStatus | null;
  zone: string;
  lease: {
    expired: boolean;
    durationSecs: number;
    renewalIntervalSecs: number;
    registered: TimeValue;
    /** null when no heartbeat arrived since registration. */
    lastHeartbeat: TimeValue | null;
    /** When the lease counts as expired without further heartbeats (the reference adds the duration twice). */
    expires: TimeValue;
    serviceUp: TimeValue | null;
    /** `leaseInfo.lastRenewalTimestamp` as clients see it (in the future: the reference's quirk). */
    lastRenewalTimestampOnWire: number;
  };
  /** Every field of the record, as registered (URLs untouched; the page links only http(s) ones). */
  fields: NameValue[];
  metadata: NameValue[];
  dataCenter: { name: string; metadata: NameValue[] };
}

function timeValue(at: number, now: number): TimeValue {
  return { at, time: formatServerTime(at), relative: formatAge(at, now) };
}

function portText(p: { port: number; enabled: boolean }): string {
  return `${p.port} (${p.enabled ? 'enabled' : 'disabled'})`;
}

function entries(map: Record<string, string> | undefined): NameValue[] {
  if (!map) return [];
  return Object.keys(map)
    .sort()
    .map((name) => ({ name, value: String(map[name]) }));
}

/** The instance, or undefined when the registry has no lease for it (expired-but-not-evicted ones are shown). */
export function buildInstance(sources: Pick<DashboardSources, 'registry' | 'now'>, app: string, id: string): InstanceView | undefined {
  const { registry, now } = sources;
  const lease = registry.leasesOf(app)?.get(id);
  if (!lease) return undefined;
  const shown = decorateWithLease(lease);
  const info = shown.leaseInfo!;
  const heartbeat = lastHeartbeatOf(lease);
  const field = (name: string, value: unknown): NameValue | undefined =>
    value === undefined || value === null ? undefined : { name, value: String(value) };
  const fields = [
    field('instanceId', shown.instanceId),
    field('app', shown.app),
    field('appGroupName', shown.appGroupName),
    field('hostName', shown.hostName),
    field('ipAddr', shown.ipAddr),
    field('status', shown.status),
    field('overriddenStatus', shown.overriddenStatus),
    field('port', portText(shown.port)),
    field('securePort', portText(shown.securePort)),
    field('vipAddress', shown.vipAddress),
    field('secureVipAddress', shown.secureVipAddress),
    field('homePageUrl', shown.homePageUrl),
    field('statusPageUrl', shown.statusPageUrl),
    field('healthCheckUrl', shown.healthCheckUrl),
    field('secureHealthCheckUrl', shown.secureHealthCheckUrl),
    field('countryId', shown.countryId),
    field('sid', shown.sid),
    field('asgName', shown.asgName),
    field('isCoordinatingDiscoveryServer', shown.isCoordinatingDiscoveryServer),
    field('actionType', shown.actionType),
    field('lastUpdatedTimestamp', `${shown.lastUpdatedTimestamp} (${formatServerTime(shown.lastUpdatedTimestamp)})`),
    field('lastDirtyTimestamp', `${shown.lastDirtyTimestamp} (${formatServerTime(shown.lastDirtyTimestamp)})`),
  ].filter((f): f is NameValue => f !== undefined);
  return {
    generatedAt: now,
    app,
    id,
    status: shown.status,
    overriddenStatus: shown.overriddenStatus,
    statusOverride: registry.overrideOf(app, id) ?? null,
    zone: zoneOf(shown),
    lease: {
      expired: lease.isExpired(now),
      durationSecs: info.durationInSecs,
      renewalIntervalSecs: info.renewalIntervalInSecs,
      registered: timeValue(lease.registrationTimestamp, now),
      lastHeartbeat: heartbeat === undefined ? null : timeValue(heartbeat, now),
      expires: timeValue(lease.lastUpdateTimestamp + lease.durationMs, now),
      serviceUp: lease.serviceUpTimestamp > 0 ? timeValue(lease.serviceUpTimestamp, now) : null,
      lastRenewalTimestampOnWire: info.lastRenewalTimestamp,
    },
    fields,
    metadata: entries(shown.metadata),
    dataCenter: { name: shown.dataCenterInfo?.name ?? 'MyOwn', metadata: entries(shown.dataCenterInfo?.metadata) },
  };
}
