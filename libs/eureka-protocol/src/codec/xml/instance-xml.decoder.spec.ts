import { decodeApplicationXml, decodeApplicationsXml } from './applications-xml.decoder';
import { decodeInstanceXml } from './instance-xml.decoder';

const wrap = (inner: string) => `<instance><app>orders</app>${inner}</instance>`;

describe('decodeInstanceXml', () => {
  it('ports: enabled attribute absent -> true for port, false for securePort', () => {
    const info = decodeInstanceXml(wrap('<port>8080</port><securePort>8443</securePort>'));
    expect(info.port).toEqual({ port: 8080, enabled: true });
    expect(info.securePort).toEqual({ port: 8443, enabled: false });
    const flipped = decodeInstanceXml(wrap('<port enabled="false">1</port><securePort enabled="true">2</securePort>'));
    expect([flipped.port.enabled, flipped.securePort.enabled]).toEqual([false, true]);
  });

  it('defaults like the JSON decoder', () => {
    const info = decodeInstanceXml(wrap(''));
    expect(info.app).toBe('ORDERS');
    expect(info.status).toBe('UP');
    expect(info.overriddenStatus).toBe('UNKNOWN');
    expect(info.port).toEqual({ port: 7001, enabled: true });
    expect(info.securePort).toEqual({ port: 7002, enabled: false });
    expect(info.sid).toBe('na');
  });

  it('reads overriddenstatus and overriddenStatus; status is case-insensitive', () => {
    expect(decodeInstanceXml(wrap('<overriddenstatus>DOWN</overriddenstatus>')).overriddenStatus).toBe('DOWN');
    expect(decodeInstanceXml(wrap('<overriddenStatus>out_of_service</overriddenStatus>')).overriddenStatus).toBe('OUT_OF_SERVICE');
    expect(decodeInstanceXml(wrap('<status>starting</status>')).status).toBe('STARTING');
    expect(decodeInstanceXml(wrap('<status>weird</status>')).status).toBe('UNKNOWN');
  });

  it('dataCenterInfo: <name> decides, class optional, Amazon case-insensitive, no <name> -> absent', () => {
    expect(decodeInstanceXml(wrap('<dataCenterInfo><name>MyOwn</name></dataCenterInfo>')).dataCenterInfo).toEqual({ name: 'MyOwn' });
    const amazon = decodeInstanceXml(
      wrap(
        '<dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>amazon</name>' +
          '<metadata><instance-id>i-1</instance-id><a__b>x</a__b></metadata></dataCenterInfo>',
      ),
    ).dataCenterInfo!;
    expect(amazon.name).toBe('Amazon');
    expect({ ...amazon.metadata }).toEqual({ 'instance-id': 'i-1', a_b: 'x' });
    const noMeta = decodeInstanceXml(wrap('<dataCenterInfo><name>Amazon</name></dataCenterInfo>')).dataCenterInfo!;
    expect(Object.keys(noMeta.metadata!)).toEqual([]);
    expect(decodeInstanceXml(wrap('<dataCenterInfo class="com.netflix.appinfo.AmazonInfo"/>')).dataCenterInfo).toBeUndefined();
    expect(() => decodeInstanceXml(wrap('<dataCenterInfo><name>netflix</name></dataCenterInfo>'))).toThrow(
      'instance.dataCenterInfo.name: expected "MyOwn", "Netflix" or "Amazon", got the string "netflix"',
    );
  });

  it('metadata: class attribute ignored, XStream escapes reversed, <metadata/> empty, values verbatim', () => {
    const info = decodeInstanceXml(
      wrap('<metadata class="java.util.HashMap"><build__version>1.2</build__version><a_-b> x </a_-b><e></e></metadata>'),
    );
    expect({ ...info.metadata }).toEqual({ build_version: '1.2', a$b: ' x ', e: '' });
    expect(Object.keys(decodeInstanceXml(wrap('<metadata/>')).metadata)).toEqual([]);
  });

  it('leaseInfo intervals <= 0 -> 30/90; unknown elements (even nested) are skipped', () => {
    const info = decodeInstanceXml(
      wrap('<leaseInfo><renewalIntervalInSecs>0</renewalIntervalInSecs><durationInSecs>20</durationInSecs></leaseInfo><x><y>1</y></x><asgName>a</asgName>'),
    );
    expect(info.leaseInfo).toMatchObject({ renewalIntervalInSecs: 30, durationInSecs: 20, registrationTimestamp: 0 });
    expect(info.asgName).toBe('a');
  });
});

describe('decodeApplicationsXml / decodeApplicationXml', () => {
  it('reads an empty registry without <application> and an empty hash', () => {
    expect(decodeApplicationsXml('<applications><versions__delta>1</versions__delta><apps__hashcode></apps__hashcode></applications>')).toEqual({
      versionDelta: '1',
      appsHashCode: '',
      applications: [],
    });
    expect(decodeApplicationsXml('<applications/>')).toEqual({ versionDelta: '-1', appsHashCode: '', applications: [] });
  });

  it('reads keys before or after the list (Jackson XML) and ignores registeredApplicationsEmpty', () => {
    const doc = decodeApplicationsXml(
      '<applications><application><name>A</name><instance><app>a</app></instance><instance><app>a</app></instance></application>' +
        '<registeredApplicationsEmpty>false</registeredApplicationsEmpty><versions__delta>9</versions__delta><apps__hashcode>UP_2_</apps__hashcode></applications>',
    );
    expect(doc.versionDelta).toBe('9');
    expect(doc.appsHashCode).toBe('UP_2_');
    expect(doc.applications[0].instances).toHaveLength(2);
  });

  it('reads a single application', () => {
    const app = decodeApplicationXml('<application><name>ORDERS</name><instance><app>orders</app></instance></application>');
    expect(app.name).toBe('ORDERS');
    expect(app.instances.map((i) => i.app)).toEqual(['ORDERS']);
  });
});
