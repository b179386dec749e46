import { CodecError } from '../codec.error';
import { decodeBareInstance, decodeInstanceJson } from './instance-json.decoder';

const DEFAULT_DCI = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };
const decode = (fields: Record<string, unknown>) => decodeInstanceJson(JSON.stringify({ instance: { app: 'orders', ...fields } }));

describe('decodeInstanceJson: defaults (spec §4.3, §4.6)', () => {
  it('fills the reference defaults for a minimal body', () => {
    const before = Date.now();
    const info = decode({});
    const after = Date.now();
    expect(info.app).toBe('ORDERS');
    expect(info.hostName).toBe('');
    expect(info.ipAddr).toBe('');
    expect(info.sid).toBe('na');
    expect(info.status).toBe('UP');
    expect(info.overriddenStatus).toBe('UNKNOWN');
    expect(info.port).toEqual({ port: 7001, enabled: true });
    expect(info.securePort).toEqual({ port: 7002, enabled: false });
    expect(info.countryId).toBe(1);
    expect(info.dataCenterInfo).toBeUndefined();
    expect(info.leaseInfo).toBeUndefined();
    expect(Object.keys(info.metadata)).toEqual([]);
    expect(info.isCoordinatingDiscoveryServer).toBe(false);
    for (const ts of [info.lastDirtyTimestamp, info.lastUpdatedTimestamp]) {
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(after);
    }
    expect(Object.keys(info)).not.toContain('instanceId');
  });

  it('ports: "@enabled" absent -> true for port, false for securePort; "$" absent -> 7001/7002', () => {
    const info = decode({ port: { $: 8080 }, securePort: { '@enabled': 'true' } });
    expect(info.port).toEqual({ port: 8080, enabled: true });
    expect(info.securePort).toEqual({ port: 7002, enabled: true });
    expect(decode({ port: { '@enabled': 'false', $: ' 81 ' } }).port).toEqual({ port: 81, enabled: false });
    expect(decode({ port: { '@enabled': 'TRUE', $: 81 } }).port.enabled).toBe(true);
  });

  it('leaseInfo: intervals <= 0 or absent -> 30/90, timestamps absent -> 0, strings accepted', () => {
    expect(decode({ leaseInfo: { renewalIntervalInSecs: 0, durationInSecs: -5, registrationTimestamp: '12' } }).leaseInfo).toEqual({
      renewalIntervalInSecs: 30,
      durationInSecs: 90,
      registrationTimestamp: 12,
      lastRenewalTimestamp: 0,
      evictionTimestamp: 0,
      serviceUpTimestamp: 0,
    });
    expect(decode({ leaseInfo: {} }).leaseInfo).toMatchObject({ renewalIntervalInSecs: 30, durationInSecs: 90 });
  });

  it('explicit null is absent everywhere; empty numeric strings are absent', () => {
    const info = decode({
      instanceId: null,
      hostName: null,
      status: null,
      overriddenStatus: null,
      port: null,
      countryId: '',
      dataCenterInfo: null,
      metadata: null,
      lastDirtyTimestamp: null,
      actionType: null,
    });
    expect(info.instanceId).toBeUndefined();
    expect(info.status).toBe('UP');
    expect(info.port).toEqual({ port: 7001, enabled: true });
    expect(info.countryId).toBe(1);
    expect(info.dataCenterInfo).toBeUndefined();
  });
});

describe('decodeInstanceJson: values', () => {
  it('upper-cases app and appGroupName, keeps other strings verbatim', () => {
    const info = decode({ app: 'orders-svc', appGroupName: 'billing', vipAddress: 'Orders', hostName: 'Host' });
    expect([info.app, info.appGroupName, info.vipAddress, info.hostName]).toEqual(['ORDERS-SVC', 'BILLING', 'Orders', 'Host']);
  });

  it('status is case-insensitive, unknown values become UNKNOWN', () => {
    expect(decode({ status: 'down' }).status).toBe('DOWN');
    expect(decode({ status: 'Out_Of_Service' }).status).toBe('OUT_OF_SERVICE');
    expect(decode({ status: 'BROKEN' }).status).toBe('UNKNOWN');
    expect(decode({ overriddenStatus: 'out_of_service' }).overriddenStatus).toBe('OUT_OF_SERVICE');
  });

  it('reads overriddenstatus (lower case) and prefers overriddenStatus when both are present', () => {
    expect(decode({ overriddenstatus: 'DOWN' }).overriddenStatus).toBe('DOWN');
    expect(decode({ overriddenstatus: 'DOWN', overriddenStatus: 'UP' }).overriddenStatus).toBe('UP');
  });

  it('actionType is case-sensitive; unknown values are dropped', () => {
    expect(decode({ actionType: 'DELETED' }).actionType).toBe('DELETED');
    expect(decode({ actionType: 'deleted' }).actionType).toBeUndefined();
  });

  it('numbers and booleans as strings or JSON types (legacy vs bean Jackson typing)', () => {
    const info = decode({ countryId: '3', isCoordinatingDiscoveryServer: 'true', lastUpdatedTimestamp: '1700000000005', lastDirtyTimestamp: 17 });
    expect([info.countryId, info.isCoordinatingDiscoveryServer, info.lastUpdatedTimestamp, info.lastDirtyTimestamp]).toEqual([
      3, true, 1700000000005, 17,
    ]);
    expect(decode({ hostName: 42 }).hostName).toBe('42');
  });

  it('metadata: @class dropped, scalars stringified, null -> "null", null prototype', () => {
    const info = decode({ metadata: { '@class': 'java.util.Collections$EmptyMap' } });
    expect(Object.keys(info.metadata)).toEqual([]);
    const md = decode({ metadata: { a: 1.5, b: false, c: null, d: 'x' } }).metadata;
    expect({ ...md }).toEqual({ a: '1.5', b: 'false', c: 'null', d: 'x' });
    expect(Object.getPrototypeOf(md)).toBeNull();
  });
});

describe('decodeInstanceJson: dataCenterInfo (spec §4.5)', () => {
  it('accepts the three classes; MyOwn/Netflix by name', () => {
    expect(decode({ dataCenterInfo: DEFAULT_DCI }).dataCenterInfo).toEqual({ name: 'MyOwn' });
    expect(decode({ dataCenterInfo: { '@class': 'com.netflix.appinfo.MyDataCenterInfo', name: 'Netflix' } }).dataCenterInfo).toEqual({
      name: 'Netflix',
    });
  });

  it('AmazonInfo keeps its metadata (without @class); the class decides the name', () => {
    const dci = decode({
      dataCenterInfo: { '@class': 'com.netflix.appinfo.AmazonInfo', name: 'MyOwn', metadata: { '@class': 'x', 'instance-id': 'i-1' } },
    }).dataCenterInfo!;
    expect(dci.name).toBe('Amazon');
    expect({ ...dci.metadata }).toEqual({ 'instance-id': 'i-1' });
    expect(Object.getPrototypeOf(dci.metadata)).toBeNull();
  });

  it('name "Amazon" with a non-Amazon class is normalised to Amazon with empty metadata', () => {
    const dci = decode({ dataCenterInfo: { ...DEFAULT_DCI, name: 'Amazon', metadata: { 'instance-id': 'i-9' } } }).dataCenterInfo!;
    expect(dci.name).toBe('Amazon');
    expect(Object.keys(dci.metadata!)).toEqual([]);
  });

  it('a valid class without name decodes to a record without name (validation: Missing dataCenterInfo Name)', () => {
    const dci = decode({ dataCenterInfo: { '@class': DEFAULT_DCI['@class'] } }).dataCenterInfo;
    expect(dci).toBeDefined();
    expect(dci!.name).toBeUndefined();
  });

  it('missing or unknown @class and unknown names are CodecErrors naming the field', () => {
    expect(() => decode({ dataCenterInfo: { name: 'MyOwn' } })).toThrow(
      'instance.dataCenterInfo.@class: expected "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", ' +
        '"com.netflix.appinfo.MyDataCenterInfo" or "com.netflix.appinfo.AmazonInfo", got nothing',
    );
    expect(() => decode({ dataCenterInfo: { ...DEFAULT_DCI, name: 'AMAZON' } })).toThrow(CodecError);
  });
});

describe('decodeInstanceJson: XStream JSON dialect', () => {
  const xstreamPort = { '@enabled': true, $: '8080' };

  it('un-escapes metadata keys only for XStream JSON (overriddenstatus + XStream-typed ports)', () => {
    const x = decode({ overriddenstatus: 'UNKNOWN', port: xstreamPort, metadata: { build__version: 1, 'a_-b': 'x', c_d: 'y' } });
    expect(Object.keys(x.metadata).sort()).toEqual(['a$b', 'build_version', 'c_d']);
    expect(x.metadata.build_version).toBe('1');
    const legacy = decode({ overriddenStatus: 'UNKNOWN', port: { $: 8080, '@enabled': 'true' }, metadata: { build__version: '1' } });
    expect(Object.keys(legacy.metadata)).toEqual(['build__version']);
    const lowerOnly = decode({ overriddenstatus: 'UNKNOWN', port: { $: 8080, '@enabled': 'true' }, metadata: { a__b: '1' } });
    expect(Object.keys(lowerOnly.metadata)).toEqual(['a__b']);
  });
});

describe('decodeBareInstance', () => {
  it('decodes an already-parsed object and reports errors under the given path', () => {
    const info = decodeBareInstance({ app: 'a', hostName: 'h', port: { $: 1 } }, 'replicationList[3].instanceInfo');
    expect([info.app, info.hostName, info.port.port]).toEqual(['A', 'h', 1]);
    expect(() => decodeBareInstance({ app: 'a', port: 1 }, 'replicationList[3].instanceInfo')).toThrow(
      /^replicationList\[3\]\.instanceInfo\.port: expected an object/,
    );
    expect(() => decodeBareInstance({ hostName: 'h' })).toThrow('instance.app: required, but missing');
  });
});
