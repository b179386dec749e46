import {
  DATA_CENTER_CLASS_AMAZON,
  DATA_CENTER_CLASS_DEFAULT,
  DATA_CENTER_CLASS_MY_OWN,
  DataCenterInfo,
  InstanceInfo,
  LeaseInfo,
  emptyMetadata,
} from '../../model/instance-info';
import { CodecError, fieldKey } from '../codec.error';
import {
  InstanceDraft,
  LeaseDraft,
  dataCenterWithoutName,
  finishInstance,
  finishLease,
  parseDataCenterName,
  readActionType,
  readMetadataValue,
  readStatus,
} from '../common/instance.draft';
import { isAbsent, isPlainObject, readBool, readInt, readLong, readText } from '../common/scalar.coerce';
import { unescapeXmlName } from '../common/xml-name.codec';
import { own, parseJsonText, unwrapRoot } from './json-text.parse';

const ACCEPTED_CLASSES = `"${DATA_CENTER_CLASS_DEFAULT}", "${DATA_CENTER_CLASS_MY_OWN}" or "${DATA_CENTER_CLASS_AMAZON}"`;
const PORT_SHAPE = 'an object {"$": <port>, "@enabled": <bool>}';

/** `{"instance": {...}}` in any JSON dialect (legacy, cloud, bean Jackson, Spring REST, XStream). */
export function decodeInstanceJson(text: string): InstanceInfo {
  return decodeInstanceValue(unwrapRoot(parseJsonText(text), 'instance'), 'instance', Date.now());
}

/** An already-parsed bare instance object (peer replication `instanceInfo`, batch `responseEntity`). */
export function decodeBareInstance(value: unknown, path = 'instance'): InstanceInfo {
  return decodeInstanceValue(value, path, Date.now());
}

/** @internal shared with the Applications decoder so one document uses one `now`. */
export function decodeInstanceValue(value: unknown, path: string, now: number): InstanceInfo {
  if (!isPlainObject(value)) throw CodecError.expected(path, 'an instance object', value);
  const o = value;
  const xstream = isXStreamDialect(o);
  const f = (key: string) => `${path}.${key}`;
  const d: InstanceDraft = {
    instanceId: readText(own(o, 'instanceId'), f('instanceId')),
    hostName: readText(own(o, 'hostName'), f('hostName')),
    app: readText(own(o, 'app'), f('app')),
    appGroupName: readText(own(o, 'appGroupName'), f('appGroupName')),
    ipAddr: readText(own(o, 'ipAddr'), f('ipAddr')),
    sid: readText(own(o, 'sid'), f('sid')),
    status: readStatus(own(o, 'status'), f('status')),
    countryId: readInt(own(o, 'countryId'), f('countryId')),
    homePageUrl: readText(own(o, 'homePageUrl'), f('homePageUrl')),
    statusPageUrl: readText(own(o, 'statusPageUrl'), f('statusPageUrl')),
    healthCheckUrl: readText(own(o, 'healthCheckUrl'), f('healthCheckUrl')),
    secureHealthCheckUrl: readText(own(o, 'secureHealthCheckUrl'), f('secureHealthCheckUrl')),
    vipAddress: readText(own(o, 'vipAddress'), f('vipAddress')),
    secureVipAddress: readText(own(o, 'secureVipAddress'), f('secureVipAddress')),
    isCoordinatingDiscoveryServer: readBool(own(o, 'isCoordinatingDiscoveryServer'), f('isCoordinatingDiscoveryServer')),
    lastUpdatedTimestamp: readLong(own(o, 'lastUpdatedTimestamp'), f('lastUpdatedTimestamp')),
    lastDirtyTimestamp: readLong(own(o, 'lastDirtyTimestamp'), f('lastDirtyTimestamp')),
    actionType: readActionType(own(o, 'actionType'), f('actionType')),
    asgName: readText(own(o, 'asgName'), f('asgName')),
  };
  const overridden = own(o, 'overriddenStatus');
  d.overriddenStatus = isAbsent(overridden)
    ? readStatus(own(o, 'overriddenstatus'), f('overriddenstatus'))
    : readStatus(overridden, f('overriddenStatus'));

  const port = readPort(own(o, 'port'), f('port'));
  d.port = port.port;
  d.portEnabled = port.enabled;
  const securePort = readPort(own(o, 'securePort'), f('securePort'));
  d.securePort = securePort.port;
  d.securePortEnabled = securePort.enabled;

  d.dataCenterInfo = readDataCenter(own(o, 'dataCenterInfo'), f('dataCenterInfo'), xstream);
  d.leaseInfo = readLease(own(o, 'leaseInfo'), f('leaseInfo'));
  d.metadata = readMetadata(own(o, 'metadata'), f('metadata'), xstream);
  return finishInstance(d, path, now);
}

/**
 * XStream JSON (Jettison) is the only dialect that spells `overriddenstatus` in lower case AND types
 * ports as `{"@enabled": true, "$": "8080"}`. Only then are metadata keys un-escaped (`__` -> `_`,
 * `_-` -> `$`); a legacy/bean body keeps a key such as `a__b` verbatim, like the Java decoders do.
 */
function isXStreamDialect(o: Record<string, unknown>): boolean {
  if (Object.hasOwn(o, 'overriddenStatus') || !Object.hasOwn(o, 'overriddenstatus')) return false;
  return isXStreamPort(own(o, 'port')) || isXStreamPort(own(o, 'securePort'));
}

function isXStreamPort(p: unknown): boolean {
  return isPlainObject(p) && (typeof own(p, '@enabled') === 'boolean' || typeof own(p, '$') === 'string');
}

function readPort(value: unknown, field: string): { port?: number; enabled?: boolean } {
  if (isAbsent(value)) return {};
  if (!isPlainObject(value)) throw CodecError.expected(field, PORT_SHAPE, value);
  return {
    port: readInt(own(value, '$'), `${field}.$`),
    enabled: readBool(own(value, '@enabled'), `${field}.@enabled`),
  };
}

function readDataCenter(value: unknown, field: string, xstream: boolean): DataCenterInfo | undefined {
  if (isAbsent(value)) return undefined;
  if (!isPlainObject(value)) throw CodecError.expected(field, 'an object with "@class" and "name"', value);
  const cls = own(value, '@class');
  if (cls !== DATA_CENTER_CLASS_DEFAULT && cls !== DATA_CENTER_CLASS_MY_OWN && cls !== DATA_CENTER_CLASS_AMAZON) {
    throw CodecError.expected(`${field}.@class`, ACCEPTED_CLASSES, cls);
  }
  const rawName = readText(own(value, 'name'), `${field}.name`);
  const name = rawName === undefined ? undefined : parseDataCenterName(rawName);
  if (rawName !== undefined && name === undefined) {
    throw CodecError.expected(`${field}.name`, '"MyOwn", "Netflix" or "Amazon"', rawName);
  }
  if (cls === DATA_CENTER_CLASS_AMAZON) {
    // AmazonInfo.getName() is always Amazon, whatever `name` says.
    return { name: 'Amazon', metadata: readMetadata(own(value, 'metadata'), `${field}.metadata`, xstream) };
  }
  if (name === 'Amazon') return { name: 'Amazon', metadata: emptyMetadata() }; // spec §4.5: normalise
  if (name === undefined) return dataCenterWithoutName();
  return { name };
}

function readLease(value: unknown, field: string): LeaseInfo | undefined {
  if (isAbsent(value)) return undefined;
  if (!isPlainObject(value)) throw CodecError.expected(field, 'an object', value);
  const l: LeaseDraft = {
    renewalIntervalInSecs: readInt(own(value, 'renewalIntervalInSecs'), `${field}.renewalIntervalInSecs`),
    durationInSecs: readInt(own(value, 'durationInSecs'), `${field}.durationInSecs`),
    registrationTimestamp: readLong(own(value, 'registrationTimestamp'), `${field}.registrationTimestamp`),
    lastRenewalTimestamp: readLong(own(value, 'lastRenewalTimestamp'), `${field}.lastRenewalTimestamp`),
    evictionTimestamp: readLong(own(value, 'evictionTimestamp'), `${field}.evictionTimestamp`),
    serviceUpTimestamp: readLong(own(value, 'serviceUpTimestamp'), `${field}.serviceUpTimestamp`),
  };
  return finishLease(l);
}

/** Object of string values into a null-prototype map; `@class` dropped; keys un-escaped for XStream. */
function readMetadata(value: unknown, field: string, xstream: boolean): Record<string, string> {
  const out = emptyMetadata();
  if (isAbsent(value)) return out;
  if (!isPlainObject(value)) throw CodecError.expected(field, 'an object of strings', value);
  for (const key of Object.keys(value)) {
    if (key === '@class') continue;
    const name = xstream ? unescapeXmlName(key) : key;
    out[name] = readMetadataValue(own(value, key), `${field}.${fieldKey(key)}`);
  }
  return out;
}
