import { InstanceStatus } from '@nest-eureka/protocol';
import { decorateWithLease } from '../registry/registry-documents';
import { lastHeartbeatOf, zoneOf } from './dashboard.filter';
import type { DashboardSources, NameValue } from './dashboard.view';
import { formatAge, formatServerTime } from './format';

/** The views of Spring's \`/lastn\` page and of one instance's page. */

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
