import { Application, Applications } from '../model/applications';
import { InstanceInfo } from '../model/instance-info';
import {
  DumpLine,
  compactSubset,
  dumpApplication,
  dumpApplications,
  dumpInstance,
  formatDump,
  parseDump,
  withValues,
} from '../testing/expected-dump.testing';
import { Fixture, listFixtures, listStems, readExpected } from '../../../../test/support/java-fixtures';
import { decodeApplicationJson, decodeApplicationsJson } from './json/applications-json.decoder';
import { decodeInstanceJson } from './json/instance-json.decoder';
import { decodeApplicationXml, decodeApplicationsXml } from './xml/applications-xml.decoder';
import { decodeInstanceXml } from './xml/instance-xml.decoder';

type Decoded = { kind: 'applications'; doc: Applications } | { kind: 'application'; app: Application } | { kind: 'instance'; info: InstanceInfo };

function decodeFixture(f: Fixture): Decoded {
  const json = f.format === 'json';
  switch (f.kind) {
    case 'applications':
      return { kind: 'applications', doc: json ? decodeApplicationsJson(f.text) : decodeApplicationsXml(f.text) };
    case 'application':
      return { kind: 'application', app: json ? decodeApplicationJson(f.text) : decodeApplicationXml(f.text) };
    case 'instance':
      return { kind: 'instance', info: json ? decodeInstanceJson(f.text) : decodeInstanceXml(f.text) };
  }
}

function dumpOf(d: Decoded): DumpLine[] {
  if (d.kind === 'applications') return dumpApplications(d.doc);
  if (d.kind === 'application') return dumpApplication(d.app);
  return dumpInstance(d.info);
}

function instancesOf(d: Decoded): InstanceInfo[] {
  if (d.kind === 'applications') return d.doc.applications.flatMap((a) => a.instances);
  if (d.kind === 'application') return d.app.instances;
  return [d.info];
}

/**
 * Differences that are in the fixture files themselves, as `cross-decode-matrix.tsv` documents for
 * every Java decoder too (compact field losses are handled separately by `compactSubset`):
 * - the Spring `cloud` encoder wrote `instanceId = hostName:metadata.instanceId` into the file;
 * - the Spring REST mapper wrote no `versions__delta`/`apps__hashcode` at all (snake-case mix-in), so
 *   our decoder's defaults apply: version "-1" (legacy decoder default), hash "".
 */
function expectedFor(f: Fixture): DumpLine[] {
  const lines = parseDump(readExpected(f.stem));
  if (f.file === 'instance-spring-metadata-instanceid.cloud.json') {
    const id = '"legacy-1.internal:legacy-spring:8081"';
    return withValues(lines, { 'instance.instanceId': id, 'instance.id(effective)': id });
  }
  if (f.codec === 'spring-rest' && f.kind === 'applications') {
    return withValues(lines, { 'applications.versionDelta': '-1', 'applications.appsHashCode': '""' });
  }
  return lines;
}

const fixtures = listFixtures();

describe('Java-encoded fixtures: decoding', () => {
  it('finds every fixture: 10 stems x 9 codec/format pairs, each stem with an expected.txt', () => {
    expect(listStems()).toHaveLength(10);
    expect(fixtures).toHaveLength(90);
    for (const stem of listStems()) {
      expect(fixtures.filter((f) => f.stem === stem).map((f) => `${f.codec}.${f.format}`).sort()).toEqual([
        'cloud.json',
        'jackson-mini.json',
        'jackson-mini.xml',
        'jackson.json',
        'jackson.xml',
        'legacy.json',
        'spring-rest.json',
        'xstream.json',
        'xstream.xml',
      ]);
    }
  });

  it.each(fixtures.filter((f) => !f.compact).map((f) => [f.file, f] as const))(
    '%s decodes to exactly its expected.txt',
    (_file, f) => {
      expect(formatDump(dumpOf(decodeFixture(f)))).toEqual(formatDump(expectedFor(f)));
    },
  );

  it.each(fixtures.filter((f) => f.compact).map((f) => [f.file, f] as const))(
    '%s (compact) decodes to expected.txt on the fields compact keeps, and defaults the rest',
    (_file, f) => {
      const before = Date.now();
      const decoded = decodeFixture(f);
      const after = Date.now();
      expect(formatDump(compactSubset(dumpOf(decoded)))).toEqual(formatDump(compactSubset(expectedFor(f))));
      for (const info of instancesOf(decoded)) {
        expect(info.overriddenStatus).toBe('UNKNOWN');
        expect(info.countryId).toBe(1);
        expect(info.sid).toBe('na');
        expect(Object.keys(info.metadata)).toEqual([]);
        expect(info.leaseInfo).toBeUndefined();
        expect(info.appGroupName).toBeUndefined();
        expect(info.isCoordinatingDiscoveryServer).toBe(false);
        expect(info.lastDirtyTimestamp).toBeGreaterThanOrEqual(before);
        expect(info.lastDirtyTimestamp).toBeLessThanOrEqual(after);
      }
    },
  );

  it('reverses the XStream metadata-key escape (build__version -> build_version) in XStream JSON and XML only', () => {
    const get = (file: string) => fixtures.find((f) => f.file === file)!;
    for (const file of ['instance-oos.xstream.json', 'instance-oos.xstream.xml']) {
      expect(get(file).text).toContain('build__version');
      const info = (decodeFixture(get(file)) as { info: InstanceInfo }).info;
      expect(Object.keys(info.metadata).sort()).toEqual(['build_version', 'management.port']);
      expect(info.metadata.build_version).toBe('1.2.3');
    }
  });

  it('reads XStream JSON typing: numeric metadata values become strings, "$" strings become port numbers', () => {
    const f = fixtures.find((x) => x.file === 'instance.xstream.json')!;
    expect(f.text).toContain('"management.port":8080');
    const info = (decodeFixture(f) as { info: InstanceInfo }).info;
    expect(info.metadata['management.port']).toBe('8080');
    expect(info.port).toEqual({ port: 8080, enabled: true });
  });

  it('stores metadata in null-prototype maps', () => {
    for (const f of fixtures) {
      for (const info of instancesOf(decodeFixture(f))) expect(Object.getPrototypeOf(info.metadata)).toBeNull();
    }
  });
});
