import { InstanceInfo, emptyMetadata } from '../../model/instance-info';
import { decodeApplicationsXml } from './applications-xml.decoder';
import { encodeApplicationXml, encodeApplicationsXml } from './applications-xml.encoder';
import { decodeInstanceXml } from './instance-xml.decoder';
import { encodeInstanceXml } from './instance-xml.encoder';
import { decodeInstanceJson } from '../json/instance-json.decoder';
import { encodeInstanceJson } from '../json/instance-json.encoder';
import { sampleInstance } from '../../testing/sample-instance';

const base = (): InstanceInfo => sampleInstance();

describe('encodeInstanceXml (XStream shape)', () => {
  it('writes the XStream layout: no declaration, two-space indent, overriddenstatus, port attributes, EmptyMap', () => {
    expect(encodeInstanceXml(base())).toBe(
      [
        '<instance>',
        '  <hostName>h</hostName>',
        '  <app>ORDERS</app>',
        '  <ipAddr>10.0.0.1</ipAddr>',
        '  <status>UP</status>',
        '  <overriddenstatus>UNKNOWN</overriddenstatus>',
        '  <port enabled="true">8080</port>',
        '  <securePort enabled="false">443</securePort>',
        '  <countryId>1</countryId>',
        '  <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo">',
        '    <name>MyOwn</name>',
        '  </dataCenterInfo>',
        '  <metadata class="java.util.Collections$EmptyMap"/>',
        '  <isCoordinatingDiscoveryServer>false</isCoordinatingDiscoveryServer>',
        '  <lastUpdatedTimestamp>2</lastUpdatedTimestamp>',
        '  <lastDirtyTimestamp>1</lastDirtyTimestamp>',
        '</instance>',
      ].join('\n'),
    );
  });

  it('escapes metadata keys (_ -> __, $ -> _-) and skips keys that are no XML name even escaped', () => {
    const info = base();
    Object.assign(info.metadata, { build_version: '1', a$b: '2', 'bad key': 'x', '1st': 'x', 'ns:k': 'x', '': 'x', ok: '3' });
    info.metadata['__proto__'] = 'p';
    const xml = encodeInstanceXml(info);
    expect(xml).toContain('<build__version>1</build__version>');
    expect(xml).toContain('<a_-b>2</a_-b>');
    expect(xml).toContain('<____proto____>p</____proto____>');
    expect(xml).not.toContain('bad key');
    expect(xml).not.toContain('1st');
    expect(xml).not.toContain('ns:k');
    expect({ ...decodeInstanceXml(xml).metadata }).toEqual({ build_version: '1', a$b: '2', ok: '3', ['__proto__']: 'p' });
  });

  it('writes EmptyMap when every metadata key had to be skipped', () => {
    const info = base();
    info.metadata['no spaces'] = 'x';
    expect(encodeInstanceXml(info)).toContain('<metadata class="java.util.Collections$EmptyMap"/>');
  });

  it("escapes & < > \" ' and CR in text, replaces characters XML cannot carry", () => {
    const info = { ...base(), hostName: `a&b<c>d"e'f\rg\u0001h\uffffi\ud800j\u{1F600}` };
    const xml = encodeInstanceXml(info);
    expect(xml).toContain('<hostName>a&amp;b&lt;c&gt;d&quot;e&apos;f&#xd;g\ufffdh\ufffdi\ufffdj\u{1F600}</hostName>');
    expect(decodeInstanceXml(xml).hostName).toBe(`a&b<c>d"e'f\rg\ufffdh\ufffdi\ufffdj\u{1F600}`);
  });

  it('Amazon: AmazonInfo class and metadata block; sid written unless na/unknown; instanceId when set', () => {
    const info: InstanceInfo = {
      ...base(),
      instanceId: 'i-1',
      sid: 'sid-7',
      dataCenterInfo: { name: 'Amazon', metadata: Object.assign(emptyMetadata(), { 'instance-id': 'i-1' }) },
    };
    const xml = encodeInstanceXml(info);
    expect(xml).toContain('<dataCenterInfo class="com.netflix.appinfo.AmazonInfo">\n    <name>Amazon</name>\n    <metadata>\n      <instance-id>i-1</instance-id>\n    </metadata>\n  </dataCenterInfo>');
    expect(xml.split('\n').slice(1, 6)).toEqual(['  <instanceId>i-1</instanceId>', '  <hostName>h</hostName>', '  <app>ORDERS</app>', '  <ipAddr>10.0.0.1</ipAddr>', '  <sid>sid-7</sid>']);
    expect(encodeInstanceXml({ ...base(), sid: 'unknown' })).not.toContain('<sid>');
    const empty = encodeInstanceXml({ ...base(), dataCenterInfo: { name: 'Amazon' } });
    expect(empty).toContain('<name>Amazon</name>\n    <metadata/>\n');
  });
});

describe('nameless data-center records (decoded from JSON with a valid @class and no name)', () => {
  it('are written with their class and without a name, in XML and JSON', () => {
    const info = decodeInstanceJson('{"instance":{"app":"a","dataCenterInfo":{"@class":"com.netflix.appinfo.MyDataCenterInfo"}}}');
    expect(encodeInstanceXml(info)).toContain('  <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"/>\n');
    expect(JSON.parse(encodeInstanceJson(info)).instance.dataCenterInfo).toEqual({
      '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
    });
  });
});

describe('encodeApplicationsXml / encodeApplicationXml', () => {
  it('empty registry: no <application>, empty hash written as open/close pair', () => {
    expect(encodeApplicationsXml({ versionDelta: '1', appsHashCode: '', applications: [] })).toBe(
      '<applications>\n  <versions__delta>1</versions__delta>\n  <apps__hashcode></apps__hashcode>\n</applications>',
    );
  });

  it('compact: only compact elements, list before the keys, and it decodes back', () => {
    const info: InstanceInfo = { ...base(), appGroupName: 'G', leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90, registrationTimestamp: 1, lastRenewalTimestamp: 1, evictionTimestamp: 0, serviceUpTimestamp: 1 } };
    const xml = encodeApplicationsXml({ versionDelta: '1', appsHashCode: 'UP_1_', applications: [{ name: 'ORDERS', instances: [info] }] }, { compact: true });
    for (const dropped of ['appGroupName', 'overriddenstatus', 'countryId', 'leaseInfo', '<metadata', 'lastDirtyTimestamp', 'isCoordinatingDiscoveryServer']) {
      expect(xml).not.toContain(dropped);
    }
    expect(xml.indexOf('<application>')).toBeLessThan(xml.indexOf('<versions__delta>'));
    const back = decodeApplicationsXml(xml);
    expect(back.applications[0].instances[0]).toMatchObject({ hostName: 'h', app: 'ORDERS', port: { port: 8080, enabled: true }, lastUpdatedTimestamp: 2 });
  });

  it('single application document', () => {
    expect(encodeApplicationXml({ name: 'X', instances: [] })).toBe('<application>\n  <name>X</name>\n</application>');
    expect(encodeApplicationXml({ name: 'ORDERS', instances: [base()] })).toMatch(/^<application>\n  <name>ORDERS<\/name>\n  <instance>\n    <hostName>h<\/hostName>/);
  });
});
