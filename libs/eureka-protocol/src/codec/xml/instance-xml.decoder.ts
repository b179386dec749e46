import { DataCenterInfo, InstanceInfo, LeaseInfo, emptyMetadata } from '../../model/instance-info';
import { CodecError, fieldKey } from '../codec.error';
import {
  InstanceDraft,
  LeaseDraft,
  finishInstance,
  finishLease,
  readActionType,
  readStatus,
} from '../common/instance.draft';
import { readBool, readInt, readLong } from '../common/scalar.coerce';
import { unescapeXmlName } from '../common/xml-name.codec';
import { XmlElement, parseXml } from './xml.parser';

/** `<instance>...</instance>` in XStream XML or Jackson XML. */
export function decodeInstanceXml(text: string): InstanceInfo {
  return decodeInstanceElement(expectRoot(parseXml(text), 'instance'), 'instance', Date.now());
}

/** @internal */
export function expectRoot(root: XmlElement, name: string): XmlElement {
  if (root.name !== name) throw new CodecError('body', `expected root element <${name}>, got <${root.name.slice(0, 40)}>`);
  return root;
}

/** Character data of a leaf element; an element with child elements where text is expected is an error. */
export function leafText(el: XmlElement, field: string): string {
  if (el.children.length > 0) throw new CodecError(field, 'expected text, got nested elements');
  return el.text;
}

/** @internal shared with the Applications decoder. Unknown elements are skipped. */
export function decodeInstanceElement(el: XmlElement, path: string, now: number): InstanceInfo {
  const d: InstanceDraft = {};
  for (const child of el.children) {
    const f = `${path}.${child.name}`;
    switch (child.name) {
      case 'instanceId':
        d.instanceId = leafText(child, f);
        break;
      case 'hostName':
        d.hostName = leafText(child, f);
        break;
      case 'app':
        d.app = leafText(child, f);
        break;
      case 'appGroupName':
        d.appGroupName = leafText(child, f);
        break;
      case 'ipAddr':
        d.ipAddr = leafText(child, f);
        break;
      case 'sid':
        d.sid = leafText(child, f);
        break;
      case 'status':
        d.status = readStatus(leafText(child, f), f);
        break;
      case 'overriddenstatus':
      case 'overriddenStatus':
        d.overriddenStatus = readStatus(leafText(child, f), f);
        break;
      case 'port':
        d.port = readInt(leafText(child, f), f);
        d.portEnabled = readBool(child.attrs.enabled, `${f}@enabled`);
        break;
      case 'securePort':
        d.securePort = readInt(leafText(child, f), f);
        d.securePortEnabled = readBool(child.attrs.enabled, `${f}@enabled`);
        break;
      case 'countryId':
        d.countryId = readInt(leafText(child, f), f);
        break;
      case 'dataCenterInfo':
        d.dataCenterInfo = readDataCenter(child, f);
        break;
      case 'leaseInfo':
        d.leaseInfo = readLease(child, f);
        break;
      case 'metadata':
        d.metadata = readMetadata(child, f);
        break;
      case 'homePageUrl':
        d.homePageUrl = leafText(child, f);
        break;
      case 'statusPageUrl':
        d.statusPageUrl = leafText(child, f);
        break;
      case 'healthCheckUrl':
        d.healthCheckUrl = leafText(child, f);
        break;
      case 'secureHealthCheckUrl':
        d.secureHealthCheckUrl = leafText(child, f);
        break;
      case 'vipAddress':
        d.vipAddress = leafText(child, f);
        break;
      case 'secureVipAddress':
        d.secureVipAddress = leafText(child, f);
        break;
      case 'isCoordinatingDiscoveryServer':
        d.isCoordinatingDiscoveryServer = readBool(leafText(child, f), f);
        break;
      case 'lastUpdatedTimestamp':
        d.lastUpdatedTimestamp = readLong(leafText(child, f), f);
        break;
      case 'lastDirtyTimestamp':
        d.lastDirtyTimestamp = readLong(leafText(child, f), f);
        break;
      case 'actionType':
        d.actionType = readActionType(leafText(child, f), f);
        break;
      case 'asgName':
        d.asgName = leafText(child, f);
        break;
      default:
        break;
    }
  }
  return finishInstance(d, path, now);
}

/**
 * The `class` attribute is optional and ignored; `<name>` decides (spec §5.2): `Amazon` in any case ->
 * Amazon, else exactly `Netflix`/`MyOwn`, else an error. No `<name>` -> no data-center record at all.
 */
function readDataCenter(el: XmlElement, field: string): DataCenterInfo | undefined {
  const nameEl = lastChild(el, 'name');
  if (!nameEl) return undefined;
  const name = leafText(nameEl, `${field}.name`).trim();
  if (name.toLowerCase() === 'amazon') {
    const md = lastChild(el, 'metadata');
    return { name: 'Amazon', metadata: md ? readMetadata(md, `${field}.metadata`) : emptyMetadata() };
  }
  if (name === 'MyOwn' || name === 'Netflix') return { name };
  throw CodecError.expected(`${field}.name`, '"MyOwn", "Netflix" or "Amazon"', name);
}

function readLease(el: XmlElement, field: string): LeaseInfo {
  const l: LeaseDraft = {};
  for (const child of el.children) {
    const f = `${field}.${child.name}`;
    switch (child.name) {
      case 'renewalIntervalInSecs':
        l.renewalIntervalInSecs = readInt(leafText(child, f), f);
        break;
      case 'durationInSecs':
        l.durationInSecs = readInt(leafText(child, f), f);
        break;
      case 'registrationTimestamp':
        l.registrationTimestamp = readLong(leafText(child, f), f);
        break;
      case 'lastRenewalTimestamp':
        l.lastRenewalTimestamp = readLong(leafText(child, f), f);
        break;
      case 'evictionTimestamp':
        l.evictionTimestamp = readLong(leafText(child, f), f);
        break;
      case 'serviceUpTimestamp':
        l.serviceUpTimestamp = readLong(leafText(child, f), f);
        break;
      default:
        break;
    }
  }
  return finishLease(l);
}

/** Each child element is one entry, its name XStream-unescaped; the `class` attribute is ignored. */
function readMetadata(el: XmlElement, field: string): Record<string, string> {
  const out = emptyMetadata();
  for (const child of el.children) {
    out[unescapeXmlName(child.name)] = leafText(child, `${field}.${fieldKey(child.name)}`);
  }
  return out;
}

function lastChild(el: XmlElement, name: string): XmlElement | undefined {
  for (let k = el.children.length - 1; k >= 0; k--) if (el.children[k].name === name) return el.children[k];
  return undefined;
}
