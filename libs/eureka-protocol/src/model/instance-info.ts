import { ActionType, InstanceStatus } from './instance-status';

/** `port` / `securePort`: `{"$": 8080, "@enabled": "true"}` on the wire. */
export interface PortInfo {
  port: number;
  enabled: boolean;
}

export const DataCenterName = { MyOwn: 'MyOwn', Netflix: 'Netflix', Amazon: 'Amazon' } as const;
export type DataCenterName = (typeof DataCenterName)[keyof typeof DataCenterName];

/** Wire `@class` values. MyOwn and Netflix are both written with the default class. */
export const DATA_CENTER_CLASS_DEFAULT = 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo';
export const DATA_CENTER_CLASS_MY_OWN = 'com.netflix.appinfo.MyDataCenterInfo';
export const DATA_CENTER_CLASS_AMAZON = 'com.netflix.appinfo.AmazonInfo';
export const EMPTY_MAP_CLASS = 'java.util.Collections$EmptyMap';

export interface DataCenterInfo {
  name: DataCenterName;
  /** Amazon only: `instance-id`, `availability-zone`, `local-ipv4`, ... */
  metadata?: Record<string, string>;
}

/** As carried on the wire. On output the server rebuilds it from its lease. */
export interface LeaseInfo {
  renewalIntervalInSecs: number;
  durationInSecs: number;
  registrationTimestamp: number;
  lastRenewalTimestamp: number;
  evictionTimestamp: number;
  serviceUpTimestamp: number;
}

export const DEFAULT_RENEWAL_INTERVAL_SECS = 30;
export const DEFAULT_DURATION_SECS = 90;

/**
 * One registered instance, with exactly the reference's fields (the Spring client decoder fails
 * a whole fetch on one unknown field, so nothing is ever added here that goes on the wire).
 * Optional fields are absent on the wire when undefined.
 */
export interface InstanceInfo {
  instanceId?: string;
  hostName: string;
  /** Upper-cased on decode. */
  app: string;
  appGroupName?: string;
  ipAddr: string;
  /** Deprecated; `na` by default and then not emitted. */
  sid: string;
  status: InstanceStatus;
  overriddenStatus: InstanceStatus;
  port: PortInfo;
  securePort: PortInfo;
  countryId: number;
  dataCenterInfo?: DataCenterInfo;
  leaseInfo?: LeaseInfo;
  /** Null-prototype object: keys come from clients. */
  metadata: Record<string, string>;
  homePageUrl?: string;
  statusPageUrl?: string;
  healthCheckUrl?: string;
  secureHealthCheckUrl?: string;
  vipAddress?: string;
  secureVipAddress?: string;
  isCoordinatingDiscoveryServer: boolean;
  lastUpdatedTimestamp: number;
  lastDirtyTimestamp: number;
  actionType?: ActionType;
  asgName?: string;
}

/**
 * The id the registry keys an instance by: `instanceId` when non-empty, else the Amazon
 * `instance-id`, else `hostName` (reference `InstanceInfo.getId`).
 */
export function instanceIdOf(info: Pick<InstanceInfo, 'instanceId' | 'dataCenterInfo' | 'hostName'>): string {
  if (info.instanceId) return info.instanceId;
  const amazonId = info.dataCenterInfo?.name === 'Amazon' ? info.dataCenterInfo.metadata?.['instance-id'] : undefined;
  if (amazonId) return amazonId;
  return info.hostName;
}

export function emptyMetadata(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
