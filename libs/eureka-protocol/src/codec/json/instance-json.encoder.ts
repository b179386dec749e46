import {
  DATA_CENTER_CLASS_AMAZON,
  DataCenterInfo,
  EMPTY_MAP_CLASS,
  InstanceInfo,
  LeaseInfo,
  PortInfo,
} from '../../model/instance-info';
import { COMPACT_AMAZON_KEYS, dataCenterClassOf, shouldWriteSid } from '../common/wire.constants';

/**
 * Legacy-Jackson JSON (reference `EurekaJacksonCodec`): field order of spec §4.2, ports
 * `{"$": <n>, "@enabled": "<bool>"}`, the `@Auto` group as strings, empty metadata as
 * `{"@class":"java.util.Collections$EmptyMap"}`. Never writes a field the reference does not.
 *
 * Built as ordered plain objects serialised by one native `JSON.stringify` (several times faster than
 * string building at 100k instances). Only fixed keys are ever set on `{}` literals; client-supplied
 * metadata maps are null-prototype objects passed through as they are, so a `__proto__` key stays data.
 */

type JsonObject = Record<string, unknown>;

const EMPTY_MAP: JsonObject = Object.freeze({ '@class': EMPTY_MAP_CLASS });

export function encodeInstanceJson(info: InstanceInfo): string {
  return JSON.stringify({ instance: instanceJsonObject(info) });
}

export function encodeBareInstanceJson(info: InstanceInfo): string {
  return JSON.stringify(instanceJsonObject(info));
}

/** @internal the bare legacy instance object, keys in emission order. */
export function instanceJsonObject(info: InstanceInfo): JsonObject {
  const o: JsonObject = {};
  if (info.instanceId != null) o.instanceId = info.instanceId;
  o.hostName = info.hostName ?? '';
  o.app = info.app ?? '';
  o.ipAddr = info.ipAddr ?? '';
  if (shouldWriteSid(info.sid)) o.sid = info.sid;
  o.status = info.status;
  o.overriddenStatus = info.overriddenStatus ?? 'UNKNOWN';
  o.port = portObject(info.port, 7001, true);
  o.securePort = portObject(info.securePort, 7002, false);
  o.countryId = finite(info.countryId ?? 1);
  if (info.dataCenterInfo) o.dataCenterInfo = dataCenterObject(info.dataCenterInfo, false);
  if (info.leaseInfo) o.leaseInfo = leaseObject(info.leaseInfo);
  o.metadata = hasKeys(info.metadata) ? info.metadata : EMPTY_MAP;
  if (info.appGroupName != null) o.appGroupName = info.appGroupName;
  if (info.homePageUrl != null) o.homePageUrl = info.homePageUrl;
  if (info.statusPageUrl != null) o.statusPageUrl = info.statusPageUrl;
  if (info.healthCheckUrl != null) o.healthCheckUrl = info.healthCheckUrl;
  if (info.secureHealthCheckUrl != null) o.secureHealthCheckUrl = info.secureHealthCheckUrl;
  if (info.vipAddress != null) o.vipAddress = info.vipAddress;
  if (info.secureVipAddress != null) o.secureVipAddress = info.secureVipAddress;
  o.isCoordinatingDiscoveryServer = info.isCoordinatingDiscoveryServer ? 'true' : 'false';
  o.lastUpdatedTimestamp = String(finite(info.lastUpdatedTimestamp));
  o.lastDirtyTimestamp = String(finite(info.lastDirtyTimestamp));
  if (info.actionType != null) o.actionType = info.actionType;
  if (info.asgName != null) o.asgName = info.asgName;
  return o;
}

/**
 * @internal compact form (`X-Eureka-Accept: compact`, spec §4.9), in the reference mini codec's field
 * order: only the listed fields, `lastUpdatedTimestamp` a number, Amazon metadata reduced to five keys.
 */
export function compactInstanceJsonObject(info: InstanceInfo): JsonObject {
  const o: JsonObject = {};
  if (info.instanceId != null) o.instanceId = info.instanceId;
  o.app = info.app ?? '';
  o.ipAddr = info.ipAddr ?? '';
  if (info.vipAddress != null) o.vipAddress = info.vipAddress;
  if (info.secureVipAddress != null) o.secureVipAddress = info.secureVipAddress;
  if (info.dataCenterInfo) o.dataCenterInfo = dataCenterObject(info.dataCenterInfo, true);
  o.hostName = info.hostName ?? '';
  o.status = info.status;
  o.lastUpdatedTimestamp = finite(info.lastUpdatedTimestamp);
  if (info.actionType != null) o.actionType = info.actionType;
  if (info.asgName != null) o.asgName = info.asgName;
  o.port = portObject(info.port, 7001, true);
  o.securePort = portObject(info.securePort, 7002, false);
  return o;
}

function portObject(p: PortInfo | undefined, defaultPort: number, defaultEnabled: boolean): JsonObject {
  const enabled = p ? p.enabled : defaultEnabled;
  return { $: finite(p ? p.port : defaultPort), '@enabled': enabled ? 'true' : 'false' };
}

function dataCenterObject(dci: DataCenterInfo, compact: boolean): JsonObject {
  const o: JsonObject = { '@class': dataCenterClassOf(dci) };
  if (dci.name) o.name = dci.name;
  if (o['@class'] === DATA_CENTER_CLASS_AMAZON) {
    const md = dci.metadata;
    o.metadata = !md ? {} : compact ? pick(md, COMPACT_AMAZON_KEYS) : md;
  }
  return o;
}

function leaseObject(l: LeaseInfo): JsonObject {
  return {
    renewalIntervalInSecs: finite(l.renewalIntervalInSecs),
    durationInSecs: finite(l.durationInSecs),
    registrationTimestamp: finite(l.registrationTimestamp),
    lastRenewalTimestamp: finite(l.lastRenewalTimestamp),
    evictionTimestamp: finite(l.evictionTimestamp),
    serviceUpTimestamp: finite(l.serviceUpTimestamp),
  };
}

function pick(md: Record<string, string>, keep: ReadonlySet<string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(md)) if (keep.has(key)) out[key] = md[key];
  return out;
}

function hasKeys(md: Record<string, string> | undefined): md is Record<string, string> {
  if (!md) return false;
  for (const _ in md) return true; // null-prototype map: no inherited keys to skip
  return false;
}

/** Never let `NaN`/`Infinity` become `null` in a document. */
function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
