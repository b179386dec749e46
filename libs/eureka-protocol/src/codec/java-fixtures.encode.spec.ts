import { dumpApplication, dumpApplications, dumpInstance, formatDump } from '../testing/expected-dump.testing';
import { kindOf, listStems, readFixture } from '../../../../test/support/java-fixtures';
import { decodeApplicationJson, decodeApplicationsJson } from './json/applications-json.decoder';
import { encodeApplicationJson, encodeApplicationsJson } from './json/applications-json.encoder';
import { decodeInstanceJson } from './json/instance-json.decoder';
import { encodeInstanceJson } from './json/instance-json.encoder';
import { decodeApplicationXml, decodeApplicationsXml } from './xml/applications-xml.decoder';
import { encodeApplicationXml, encodeApplicationsXml } from './xml/applications-xml.encoder';
import { decodeInstanceXml } from './xml/instance-xml.decoder';
import { encodeInstanceXml } from './xml/instance-xml.encoder';
import { XmlElement, parseXml } from './xml/xml.parser';

const stems = listStems();
const docStems = stems.filter((s) => kindOf(s) !== 'instance');

/** Decode with `decode`, re-encode with `encode`, per document kind. */
function reencodeJson(stem: string, text: string, compact = false): string {
  switch (kindOf(stem)) {
    case 'applications':
      return encodeApplicationsJson(decodeApplicationsJson(text), { compact });
    case 'application':
      return encodeApplicationJson(decodeApplicationJson(text), { compact });
    case 'instance':
      return encodeInstanceJson(decodeInstanceJson(text));
  }
}

function reencodeXml(stem: string, text: string, compact = false): string {
  switch (kindOf(stem)) {
    case 'applications':
      return encodeApplicationsXml(decodeApplicationsXml(text), { compact });
    case 'application':
      return encodeApplicationXml(decodeApplicationXml(text), { compact });
    case 'instance':
      return encodeInstanceXml(decodeInstanceXml(text));
  }
}

function dumpJson(stem: string, text: string): string[] {
  const kind = kindOf(stem);
  if (kind === 'applications') return formatDump(dumpApplications(decodeApplicationsJson(text)));
  if (kind === 'application') return formatDump(dumpApplication(decodeApplicationJson(text)));
  return formatDump(dumpInstance(decodeInstanceJson(text)));
}

function dumpXml(stem: string, text: string): string[] {
  const kind = kindOf(stem);
  if (kind === 'applications') return formatDump(dumpApplications(decodeApplicationsXml(text)));
  if (kind === 'application') return formatDump(dumpApplication(decodeApplicationXml(text)));
  return formatDump(dumpInstance(decodeInstanceXml(text)));
}

/** Element tree as a comparable value, child order ignored (Jackson XML orders fields differently). */
type Canonical = { name: string; attrs: Record<string, string>; text?: string; children?: Canonical[] };
function canonical(el: XmlElement, skip: ReadonlySet<string>): Canonical {
  const attrs = { ...el.attrs };
  if (el.children.length === 0) return { name: el.name, attrs, text: el.text };
  const children = el.children
    .filter((c) => !skip.has(c.name))
    .map((c) => canonical(c, skip))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { name: el.name, attrs, children };
}

const BEAN_ONLY = new Set(['registeredApplicationsEmpty']);

function withoutBeanOnlyKeys(json: string): unknown {
  return JSON.parse(json, (key, value) => (BEAN_ONLY.has(key) ? undefined : value));
}

describe('Java-encoded fixtures: encoding', () => {
  it('has 10 stems, 4 of them documents', () => {
    expect(stems).toHaveLength(10);
    expect([...docStems].sort()).toEqual(['application', 'applications.full', 'delta', 'empty-applications']);
  });

  describe.each(stems)('%s', (stem) => {
    it('legacy JSON: decode + encode reproduces the Java legacy encoder (deep-equal and byte-identical)', () => {
      const fixture = readFixture(`${stem}.legacy.json`).trimEnd();
      const ours = reencodeJson(stem, fixture);
      expect(JSON.parse(ours)).toEqual(JSON.parse(fixture));
      expect(ours).toBe(fixture);
    });

    it('XStream XML: decode + encode reproduces the Java XStream encoder (same tree, byte-identical)', () => {
      const fixture = readFixture(`${stem}.xstream.xml`).trimEnd();
      const ours = reencodeXml(stem, fixture);
      expect(canonical(parseXml(ours), new Set())).toEqual(canonical(parseXml(fixture), new Set()));
      expect(ours).toBe(fixture);
    });

    it('our JSON and XML output decode back to the same fields', () => {
      const legacy = readFixture(`${stem}.legacy.json`);
      const xml = readFixture(`${stem}.xstream.xml`);
      expect(dumpJson(stem, reencodeJson(stem, legacy))).toEqual(dumpJson(stem, legacy));
      expect(dumpXml(stem, reencodeXml(stem, xml))).toEqual(dumpXml(stem, xml));
      expect(dumpXml(stem, reencodeXml(stem, xml))).toEqual(dumpJson(stem, legacy));
    });
  });

  describe.each(docStems)('%s compact', (stem) => {
    it('compact JSON equals the Java mini codec output (bean-only registeredApplicationsEmpty aside)', () => {
      const ours = reencodeJson(stem, readFixture(`${stem}.legacy.json`), true);
      const mini = withoutBeanOnlyKeys(readFixture(`${stem}.jackson-mini.json`));
      expect(JSON.parse(ours)).toEqual(mini);
      expect(ours).not.toContain('registeredApplicationsEmpty');
    });

    it('compact XML has the same elements as the Java mini XML codec output', () => {
      const ours = reencodeXml(stem, readFixture(`${stem}.xstream.xml`), true);
      const mini = parseXml(readFixture(`${stem}.jackson-mini.xml`));
      expect(canonical(parseXml(ours), new Set())).toEqual(canonical(mini, BEAN_ONLY));
    });
  });

  it('compact lastUpdatedTimestamp is a JSON number and Amazon metadata keeps exactly five keys', () => {
    const doc = JSON.parse(reencodeJson('applications.full', readFixture('applications.full.legacy.json'), true));
    const amazon = doc.applications.application[1].instance[0];
    expect(amazon.lastUpdatedTimestamp).toBe(1700000200002);
    expect(Object.keys(amazon.dataCenterInfo.metadata).sort()).toEqual([
      'availability-zone',
      'instance-id',
      'local-ipv4',
      'public-hostname',
      'public-ipv4',
    ]);
    expect(amazon).not.toHaveProperty('metadata');
    expect(amazon).not.toHaveProperty('leaseInfo');
    expect(amazon).not.toHaveProperty('overriddenStatus');
  });
});
