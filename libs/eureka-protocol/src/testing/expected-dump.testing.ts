import { Application, Applications } from '../model/applications';
import { InstanceInfo, instanceIdOf } from '../model/instance-info';

/**
 * Test support for `<stem>.expected.txt`: the Java side's normalised field dump, one `key=value`
 * line per field (apps sorted by name, instances by effective id, map keys sorted). Values are
 * `"..."` for strings, `<null>` for a null string, `null` for a null object/enum, bare otherwise.
 * `dumpApplications` & co. render our decoded model in exactly that shape.
 */
export interface DumpLine {
  key: string;
  value: string;
}

export function parseDump(text: string): DumpLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`not a dump line: ${line}`);
      return { key: line.slice(0, eq), value: line.slice(eq + 1) };
    });
}

export function formatDump(lines: readonly DumpLine[]): string[] {
  return lines.map((l) => `${l.key}=${l.value}`);
}

export function dumpApplications(doc: Applications): DumpLine[] {
  const out: DumpLine[] = [
    { key: 'applications.versionDelta', value: doc.versionDelta },
    { key: 'applications.appsHashCode', value: q(doc.appsHashCode) },
    { key: 'applications.application.count', value: String(doc.applications.length) },
  ];
  sortBy(doc.applications, (a) => a.name).forEach((app, i) => out.push(...dumpAppBody(app, `applications.application[${i}]`)));
  return out;
}

export function dumpApplication(app: Application): DumpLine[] {
  return dumpAppBody(app, 'application');
}

function dumpAppBody(app: Application, prefix: string): DumpLine[] {
  const out: DumpLine[] = [
    { key: `${prefix}.name`, value: q(app.name) },
    { key: `${prefix}.instance.count`, value: String(app.instances.length) },
  ];
  sortBy(app.instances, instanceIdOf).forEach((info, j) => out.push(...dumpInstance(info, `${prefix}.instance[${j}]`)));
  return out;
}

export function dumpInstance(info: InstanceInfo, prefix = 'instance'): DumpLine[] {
  const out: DumpLine[] = [];
  const add = (key: string, value: string) => out.push({ key: `${prefix}.${key}`, value });
  add('instanceId', q(info.instanceId));
  add('id(effective)', q(instanceIdOf(info)));
  add('app', q(info.app));
  add('appGroupName', q(info.appGroupName));
  add('hostName', q(info.hostName));
  add('ipAddr', q(info.ipAddr));
  add('sid', q(info.sid));
  add('status', info.status);
  add('overriddenStatus', info.overriddenStatus ?? 'null');
  add('port', String(info.port.port));
  add('port.enabled', String(info.port.enabled));
  add('securePort', String(info.securePort.port));
  add('securePort.enabled', String(info.securePort.enabled));
  add('countryId', String(info.countryId));
  const dci = info.dataCenterInfo;
  if (!dci) {
    add('dataCenterInfo', 'null');
  } else {
    add('dataCenterInfo.isAmazonInfo', String(dci.name === 'Amazon'));
    add('dataCenterInfo.name', dci.name ?? 'null');
    if (dci.metadata) for (const k of sortedKeys(dci.metadata)) add(`dataCenterInfo.metadata.${k}`, q(dci.metadata[k]));
  }
  const lease = info.leaseInfo;
  if (!lease) {
    add('leaseInfo', 'null');
  } else {
    add('leaseInfo.renewalIntervalInSecs', String(lease.renewalIntervalInSecs));
    add('leaseInfo.durationInSecs', String(lease.durationInSecs));
    add('leaseInfo.registrationTimestamp', String(lease.registrationTimestamp));
    add('leaseInfo.lastRenewalTimestamp', String(lease.lastRenewalTimestamp));
    add('leaseInfo.evictionTimestamp', String(lease.evictionTimestamp));
    add('leaseInfo.serviceUpTimestamp', String(lease.serviceUpTimestamp));
  }
  const keys = sortedKeys(info.metadata);
  add('metadata.size', String(keys.length));
  for (const k of keys) add(`metadata.${k}`, q(info.metadata[k]));
  add('homePageUrl', q(info.homePageUrl));
  add('statusPageUrl', q(info.statusPageUrl));
  add('healthCheckUrl', q(info.healthCheckUrl));
  add('secureHealthCheckUrl', q(info.secureHealthCheckUrl));
  add('vipAddress', q(info.vipAddress));
  add('secureVipAddress', q(info.secureVipAddress));
  add('isCoordinatingDiscoveryServer', String(info.isCoordinatingDiscoveryServer));
  add('lastUpdatedTimestamp', String(info.lastUpdatedTimestamp));
  add('lastDirtyTimestamp', String(info.lastDirtyTimestamp));
  add('actionType', info.actionType ?? 'null');
  add('asgName', q(info.asgName));
  return out;
}

/** The instance fields the compact form carries (spec §4.9); Amazon metadata limited to five keys. */
const COMPACT_FIELDS = new Set([
  'instanceId',
  'id(effective)',
  'app',
  'hostName',
  'ipAddr',
  'status',
  'port',
  'port.enabled',
  'securePort',
  'securePort.enabled',
  'dataCenterInfo.isAmazonInfo',
  'dataCenterInfo.name',
  'dataCenterInfo.metadata.instance-id',
  'dataCenterInfo.metadata.public-ipv4',
  'dataCenterInfo.metadata.public-hostname',
  'dataCenterInfo.metadata.local-ipv4',
  'dataCenterInfo.metadata.availability-zone',
  'lastUpdatedTimestamp',
  'vipAddress',
  'secureVipAddress',
  'actionType',
  'asgName',
]);

const INSTANCE_KEY = /^(?:applications\.application\[\d+\]\.instance\[\d+\]|application\.instance\[\d+\]|instance)\.(.+)$/;

/** Keep document-level lines and the instance lines a compact payload can carry. */
export function compactSubset(lines: readonly DumpLine[]): DumpLine[] {
  return lines.filter((l) => {
    const m = INSTANCE_KEY.exec(l.key);
    return !m || COMPACT_FIELDS.has(m[1]);
  });
}

/** Replace the values of the given keys (for documented, expected differences). */
export function withValues(lines: readonly DumpLine[], overrides: Readonly<Record<string, string>>): DumpLine[] {
  const seen = new Set<string>();
  const out = lines.map((l) => {
    if (!Object.hasOwn(overrides, l.key)) return l;
    seen.add(l.key);
    return { key: l.key, value: overrides[l.key] };
  });
  for (const key of Object.keys(overrides)) if (!seen.has(key)) throw new Error(`override for unknown dump key ${key}`);
  return out;
}

function q(value: string | undefined | null): string {
  return value === undefined || value === null ? '<null>' : JSON.stringify(value);
}

function sortedKeys(map: Record<string, string>): string[] {
  return Object.keys(map).sort(compare);
}

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compare(key(a), key(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
