import { DataCenterInfo, EMPTY_MAP_CLASS, InstanceInfo, LeaseInfo, PortInfo } from '../../model/instance-info';
import { COMPACT_AMAZON_KEYS, dataCenterClassOf, numberText, shouldWriteSid } from '../common/wire.constants';
import { xmlElementNameForKey } from '../common/xml-name.codec';
import { escapeXmlText as esc } from './xml-text.escape';

/**
 * XStream XML (what Netflix and Spring servers serve, spec §5.1/5.2): no declaration, two-space
 * indentation, `<overriddenstatus>`, `<port enabled="true">8080</port>`, `dataCenterInfo class="..."`,
 * empty metadata `<metadata class="java.util.Collections$EmptyMap"/>`, metadata keys XStream-escaped
 * (`_` -> `__`, `$` -> `_-`) and skipped when not a valid XML name even then.
 *
 * Writers append pieces to one array that the document encoder joins once: at 100k instances this
 * avoids millions of intermediate rope strings (and the GC time they cost).
 */
export function encodeInstanceXml(info: InstanceInfo): string {
  const out: string[] = [];
  writeInstanceXml(out, info, '');
  return out.join('');
}

/** @internal appends `<instance>...</instance>` (no trailing newline); `indent` is that of the `<instance>` line. */
export function writeInstanceXml(out: string[], info: InstanceInfo, indent: string): void {
  const i1 = `${indent}  `;
  out.push(indent, '<instance>\n');
  if (info.instanceId != null) leaf(out, i1, 'instanceId', info.instanceId);
  leaf(out, i1, 'hostName', info.hostName ?? '');
  leaf(out, i1, 'app', info.app ?? '');
  leaf(out, i1, 'ipAddr', info.ipAddr ?? '');
  if (shouldWriteSid(info.sid)) leaf(out, i1, 'sid', info.sid);
  leaf(out, i1, 'status', info.status);
  leaf(out, i1, 'overriddenstatus', info.overriddenStatus ?? 'UNKNOWN');
  port(out, i1, 'port', info.port, 7001, true);
  port(out, i1, 'securePort', info.securePort, 7002, false);
  raw(out, i1, 'countryId', numberText(info.countryId ?? 1));
  if (info.dataCenterInfo) dataCenter(out, i1, info.dataCenterInfo, false);
  if (info.leaseInfo) lease(out, i1, info.leaseInfo);
  metadata(out, i1, info.metadata, true);
  if (info.appGroupName != null) leaf(out, i1, 'appGroupName', info.appGroupName);
  if (info.homePageUrl != null) leaf(out, i1, 'homePageUrl', info.homePageUrl);
  if (info.statusPageUrl != null) leaf(out, i1, 'statusPageUrl', info.statusPageUrl);
  if (info.healthCheckUrl != null) leaf(out, i1, 'healthCheckUrl', info.healthCheckUrl);
  if (info.secureHealthCheckUrl != null) leaf(out, i1, 'secureHealthCheckUrl', info.secureHealthCheckUrl);
  if (info.vipAddress != null) leaf(out, i1, 'vipAddress', info.vipAddress);
  if (info.secureVipAddress != null) leaf(out, i1, 'secureVipAddress', info.secureVipAddress);
  raw(out, i1, 'isCoordinatingDiscoveryServer', info.isCoordinatingDiscoveryServer ? 'true' : 'false');
  raw(out, i1, 'lastUpdatedTimestamp', numberText(info.lastUpdatedTimestamp));
  raw(out, i1, 'lastDirtyTimestamp', numberText(info.lastDirtyTimestamp));
  if (info.actionType != null) leaf(out, i1, 'actionType', info.actionType);
  if (info.asgName != null) leaf(out, i1, 'asgName', info.asgName);
  out.push(indent, '</instance>');
}

/** @internal compact instance (spec §4.9), in the reference mini codec's element order. */
export function writeCompactInstanceXml(out: string[], info: InstanceInfo, indent: string): void {
  const i1 = `${indent}  `;
  out.push(indent, '<instance>\n');
  if (info.instanceId != null) leaf(out, i1, 'instanceId', info.instanceId);
  leaf(out, i1, 'app', info.app ?? '');
  leaf(out, i1, 'ipAddr', info.ipAddr ?? '');
  if (info.vipAddress != null) leaf(out, i1, 'vipAddress', info.vipAddress);
  if (info.secureVipAddress != null) leaf(out, i1, 'secureVipAddress', info.secureVipAddress);
  if (info.dataCenterInfo) dataCenter(out, i1, info.dataCenterInfo, true);
  leaf(out, i1, 'hostName', info.hostName ?? '');
  leaf(out, i1, 'status', info.status);
  raw(out, i1, 'lastUpdatedTimestamp', numberText(info.lastUpdatedTimestamp));
  if (info.actionType != null) leaf(out, i1, 'actionType', info.actionType);
  if (info.asgName != null) leaf(out, i1, 'asgName', info.asgName);
  port(out, i1, 'port', info.port, 7001, true);
  port(out, i1, 'securePort', info.securePort, 7002, false);
  out.push(indent, '</instance>');
}

/** `<name>escaped value</name>\n`. */
function leaf(out: string[], indent: string, name: string, value: string): void {
  out.push(indent, '<', name, '>', esc(String(value)), '</', name, '>\n');
}

/** Same as `leaf` for text that cannot need escaping (numbers, booleans). */
function raw(out: string[], indent: string, name: string, text: string): void {
  out.push(indent, '<', name, '>', text, '</', name, '>\n');
}

function port(out: string[], indent: string, name: string, p: PortInfo | undefined, defaultPort: number, defaultEnabled: boolean): void {
  const enabled = p ? p.enabled : defaultEnabled;
  out.push(indent, '<', name, enabled ? ' enabled="true">' : ' enabled="false">', numberText(p ? p.port : defaultPort), '</', name, '>\n');
}

function dataCenter(out: string[], indent: string, dci: DataCenterInfo, compact: boolean): void {
  const i1 = `${indent}  `;
  out.push(indent, '<dataCenterInfo class="', esc(dataCenterClassOf(dci)), '"');
  if (!dci.name) {
    out.push('/>\n'); // a nameless record (see dataCenterWithoutName): class only
    return;
  }
  out.push('>\n');
  leaf(out, i1, 'name', dci.name);
  if (dci.name === 'Amazon') {
    const md = compact ? filterKeys(dci.metadata, COMPACT_AMAZON_KEYS) : dci.metadata;
    metadata(out, i1, md, false);
  }
  out.push(indent, '</dataCenterInfo>\n');
}

function lease(out: string[], indent: string, l: LeaseInfo): void {
  const i1 = `${indent}  `;
  out.push(indent, '<leaseInfo>\n');
  raw(out, i1, 'renewalIntervalInSecs', numberText(l.renewalIntervalInSecs));
  raw(out, i1, 'durationInSecs', numberText(l.durationInSecs));
  raw(out, i1, 'registrationTimestamp', numberText(l.registrationTimestamp));
  raw(out, i1, 'lastRenewalTimestamp', numberText(l.lastRenewalTimestamp));
  raw(out, i1, 'evictionTimestamp', numberText(l.evictionTimestamp));
  raw(out, i1, 'serviceUpTimestamp', numberText(l.serviceUpTimestamp));
  out.push(indent, '</leaseInfo>\n');
}

/** `emptyAsEmptyMap`: instance metadata writes the EmptyMap class when empty; Amazon metadata writes `<metadata/>`. */
function metadata(out: string[], indent: string, md: Record<string, string> | undefined, emptyAsEmptyMap: boolean): void {
  const i1 = `${indent}  `;
  const mark = out.length;
  out.push(indent, '<metadata>\n');
  let written = 0;
  if (md) {
    for (const key of Object.keys(md)) {
      const element = xmlElementNameForKey(key);
      if (element === null) continue;
      leaf(out, i1, element, md[key]);
      written++;
    }
  }
  if (written > 0) {
    out.push(indent, '</metadata>\n');
    return;
  }
  out.length = mark;
  out.push(indent, emptyAsEmptyMap ? `<metadata class="${EMPTY_MAP_CLASS}"/>\n` : '<metadata/>\n');
}

function filterKeys(md: Record<string, string> | undefined, keep: ReadonlySet<string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (md) for (const key of Object.keys(md)) if (keep.has(key)) out[key] = md[key];
  return out;
}
