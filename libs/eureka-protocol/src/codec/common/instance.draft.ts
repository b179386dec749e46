import {
  DEFAULT_DURATION_SECS,
  DEFAULT_RENEWAL_INTERVAL_SECS,
  DataCenterInfo,
  DataCenterName,
  InstanceInfo,
  LeaseInfo,
  emptyMetadata,
} from '../../model/instance-info';
import { ActionType, InstanceStatus, parseActionType, parseStatusLenient } from '../../model/instance-status';
import { CodecError } from '../codec.error';
import { isAbsent, readText } from './scalar.coerce';

/** Reference defaults applied when the wire omits a field (spec §4.3, §4.8). */
export const DEFAULT_PORT = 7001;
export const DEFAULT_SECURE_PORT = 7002;
export const DEFAULT_COUNTRY_ID = 1;
export const DEFAULT_SID = 'na';

/** Everything a decoder may have read for one instance; `finishInstance` applies the defaults. */
export interface InstanceDraft {
  instanceId?: string;
  hostName?: string;
  app?: string;
  appGroupName?: string;
  ipAddr?: string;
  sid?: string;
  status?: InstanceStatus;
  overriddenStatus?: InstanceStatus;
  port?: number;
  portEnabled?: boolean;
  securePort?: number;
  securePortEnabled?: boolean;
  countryId?: number;
  dataCenterInfo?: DataCenterInfo;
  leaseInfo?: LeaseInfo;
  metadata?: Record<string, string>;
  homePageUrl?: string;
  statusPageUrl?: string;
  healthCheckUrl?: string;
  secureHealthCheckUrl?: string;
  vipAddress?: string;
  secureVipAddress?: string;
  isCoordinatingDiscoveryServer?: boolean;
  lastUpdatedTimestamp?: number;
  lastDirtyTimestamp?: number;
  actionType?: ActionType;
  asgName?: string;
}

export type LeaseDraft = Partial<LeaseInfo>;

/** Build the model object. `now` stands in for absent timestamps (reference: decode time). */
export function finishInstance(d: InstanceDraft, path: string, now: number): InstanceInfo {
  if (d.app === undefined) throw new CodecError(`${path}.app`, 'required, but missing');
  const info: InstanceInfo = {
    hostName: d.hostName ?? '',
    app: d.app.toUpperCase(),
    ipAddr: d.ipAddr ?? '',
    sid: d.sid ?? DEFAULT_SID,
    status: d.status ?? InstanceStatus.UP,
    overriddenStatus: d.overriddenStatus ?? InstanceStatus.UNKNOWN,
    port: { port: d.port ?? DEFAULT_PORT, enabled: d.portEnabled ?? true },
    securePort: { port: d.securePort ?? DEFAULT_SECURE_PORT, enabled: d.securePortEnabled ?? false },
    countryId: d.countryId ?? DEFAULT_COUNTRY_ID,
    metadata: d.metadata ?? emptyMetadata(),
    isCoordinatingDiscoveryServer: d.isCoordinatingDiscoveryServer ?? false,
    lastUpdatedTimestamp: d.lastUpdatedTimestamp ?? now,
    lastDirtyTimestamp: d.lastDirtyTimestamp ?? now,
  };
  if (d.instanceId !== undefined) info.instanceId = d.instanceId;
  if (d.appGroupName !== undefined) info.appGroupName = d.appGroupName.toUpperCase();
  if (d.dataCenterInfo !== undefined) info.dataCenterInfo = d.dataCenterInfo;
  if (d.leaseInfo !== undefined) info.leaseInfo = d.leaseInfo;
  if (d.homePageUrl !== undefined) info.homePageUrl = d.homePageUrl;
  if (d.statusPageUrl !== undefined) info.statusPageUrl = d.statusPageUrl;
  if (d.healthCheckUrl !== undefined) info.healthCheckUrl = d.healthCheckUrl;
  if (d.secureHealthCheckUrl !== undefined) info.secureHealthCheckUrl = d.secureHealthCheckUrl;
  if (d.vipAddress !== undefined) info.vipAddress = d.vipAddress;
  if (d.secureVipAddress !== undefined) info.secureVipAddress = d.secureVipAddress;
  if (d.actionType !== undefined) info.actionType = d.actionType;
  if (d.asgName !== undefined) info.asgName = d.asgName;
  return info;
}

/** Intervals absent or <= 0 become 30/90 (reference `LeaseInfo.Builder`); absent timestamps are 0. */
export function finishLease(l: LeaseDraft): LeaseInfo {
  const renewal = l.renewalIntervalInSecs;
  const duration = l.durationInSecs;
  return {
    renewalIntervalInSecs: renewal !== undefined && renewal > 0 ? renewal : DEFAULT_RENEWAL_INTERVAL_SECS,
    durationInSecs: duration !== undefined && duration > 0 ? duration : DEFAULT_DURATION_SECS,
    registrationTimestamp: l.registrationTimestamp ?? 0,
    lastRenewalTimestamp: l.lastRenewalTimestamp ?? 0,
    evictionTimestamp: l.evictionTimestamp ?? 0,
    serviceUpTimestamp: l.serviceUpTimestamp ?? 0,
  };
}

/** Status: case-insensitive, unknown -> UNKNOWN (reference `toEnum`); absent -> undefined (caller's default). */
export function readStatus(value: unknown, field: string): InstanceStatus | undefined {
  const text = readText(value, field);
  return text === undefined ? undefined : parseStatusLenient(text.trim());
}

/** `actionType`: case-sensitive; unknown values are dropped like the reference does. */
export function readActionType(value: unknown, field: string): ActionType | undefined {
  return parseActionType(readText(value, field));
}

/** Metadata value: strings kept, `null` -> "null" and numbers/booleans stringified (reference legacy decoder). */
export function readMetadataValue(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (isAbsent(value)) return 'null';
  return readText(value, field) as string;
}

/** `MyOwn` / `Netflix` / `Amazon`, case-sensitive (Java `Name.valueOf`). */
export function parseDataCenterName(value: string): DataCenterName | undefined {
  return value === 'MyOwn' || value === 'Netflix' || value === 'Amazon' ? value : undefined;
}

/**
 * A data-center record whose `name` was absent on the wire (JSON with a valid non-Amazon `@class`
 * but no `name`). The model types `name` as required, so this is the one place a decoded value
 * breaks that promise; `validateRegistration` turns it into `Missing dataCenterInfo Name` (spec §15 #7)
 * and the encoders write such a record without a `name`.
 */
export function dataCenterWithoutName(): DataCenterInfo {
  return {} as DataCenterInfo;
}
