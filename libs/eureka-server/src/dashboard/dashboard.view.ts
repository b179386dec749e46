import { INSTANCE_STATUSES, InstanceStatus } from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { InstanceRegistry } from '../registry/instance-registry';
import { PeerNodeStats } from '../replication/peer/peer-eureka.node';
import { serverInstanceInfo } from '../status/server-identity';
import { formatUptime, serverStatusFigures } from '../status/server-status';
import { DashboardFilter, amiOf, matches, zoneOf } from './dashboard.filter';
import {
  BannerFigures,
  SPRING_BANNERS,
  belowWithoutProtectionExplanation,
  emergencyExplanation,
  selfPreservationOffExplanation,
} from './dashboard.messages';
import { formatServerTime } from './format';

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
  const { registry, options } = sources;
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
