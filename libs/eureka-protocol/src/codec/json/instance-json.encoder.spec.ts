import { InstanceInfo, emptyMetadata } from '../../model/instance-info';
import { decodeInstanceJson } from './instance-json.decoder';
import { encodeBareInstanceJson, encodeInstanceJson } from './instance-json.encoder';

function md(entries: Record<string, string>): Record<string, string> {
  return Object.assign(emptyMetadata(), entries);
}

/** The ORDERS orders-1 instance of spec §4.2. */
function orders1(): InstanceInfo {
  return {
    instanceId: 'orders-1.internal:orders:8080',
    hostName: 'orders-1.internal',
    app: 'ORDERS',
    ipAddr: '10.0.0.12',
    sid: 'na',
    status: 'UP',
    overriddenStatus: 'UNKNOWN',
    port: { port: 8080, enabled: true },
    securePort: { port: 443, enabled: false },
    countryId: 1,
    dataCenterInfo: { name: 'MyOwn' },
    leaseInfo: {
      renewalIntervalInSecs: 30,
      durationInSecs: 90,
      registrationTimestamp: 1700000000000,
      lastRenewalTimestamp: 1700000690000,
      evictionTimestamp: 0,
      serviceUpTimestamp: 1700000000004,
    },
    metadata: md({ 'management.port': '8080', zone: 'zone-a' }),
    homePageUrl: 'http://orders-1.internal:8080/',
    statusPageUrl: 'http://orders-1.internal:8080/actuator/info',
    healthCheckUrl: 'http://orders-1.internal:8080/actuator/health',
    vipAddress: 'orders',
    secureVipAddress: 'orders',
    isCoordinatingDiscoveryServer: false,
    lastUpdatedTimestamp: 1700000000005,
    lastDirtyTimestamp: 1699999999000,
    actionType: 'ADDED',
  };
}

describe('encodeInstanceJson (legacy Jackson shape, spec §4.2)', () => {
  it('writes the spec §4.2 example instance with its field order and value types', () => {
    const text = encodeInstanceJson(orders1());
    const parsed = JSON.parse(text).instance;
    expect(parsed).toEqual({
      instanceId: 'orders-1.internal:orders:8080',
      hostName: 'orders-1.internal',
      app: 'ORDERS',
      ipAddr: '10.0.0.12',
      status: 'UP',
      overriddenStatus: 'UNKNOWN',
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      countryId: 1,
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
      leaseInfo: {
        renewalIntervalInSecs: 30,
        durationInSecs: 90,
        registrationTimestamp: 1700000000000,
        lastRenewalTimestamp: 1700000690000,
        evictionTimestamp: 0,
        serviceUpTimestamp: 1700000000004,
      },
      metadata: { 'management.port': '8080', zone: 'zone-a' },
      homePageUrl: 'http://orders-1.internal:8080/',
      statusPageUrl: 'http://orders-1.internal:8080/actuator/info',
      healthCheckUrl: 'http://orders-1.internal:8080/actuator/health',
      vipAddress: 'orders',
      secureVipAddress: 'orders',
      isCoordinatingDiscoveryServer: 'false',
      lastUpdatedTimestamp: '1700000000005',
      lastDirtyTimestamp: '1699999999000',
      actionType: 'ADDED',
    });
    expect(Object.keys(parsed)).toEqual([
      'instanceId', 'hostName', 'app', 'ipAddr', 'status', 'overriddenStatus', 'port', 'securePort', 'countryId',
      'dataCenterInfo', 'leaseInfo', 'metadata', 'homePageUrl', 'statusPageUrl', 'healthCheckUrl', 'vipAddress',
      'secureVipAddress', 'isCoordinatingDiscoveryServer', 'lastUpdatedTimestamp', 'lastDirtyTimestamp', 'actionType',
    ]);
    expect(Object.keys(parsed.leaseInfo)).toEqual([
      'renewalIntervalInSecs', 'durationInSecs', 'registrationTimestamp', 'lastRenewalTimestamp', 'evictionTimestamp', 'serviceUpTimestamp',
    ]);
  });

  it('optional fields: instanceId, sid (unless na/unknown), leaseInfo, dataCenterInfo and the @Auto group only when set', () => {
    const info: InstanceInfo = { ...orders1(), instanceId: undefined, leaseInfo: undefined, dataCenterInfo: undefined, actionType: undefined };
    delete info.homePageUrl;
    const parsed = JSON.parse(encodeInstanceJson(info)).instance;
    for (const key of ['instanceId', 'sid', 'leaseInfo', 'dataCenterInfo', 'actionType', 'homePageUrl', 'asgName', 'appGroupName']) {
      expect(parsed).not.toHaveProperty([key]);
    }
    expect(JSON.parse(encodeInstanceJson({ ...orders1(), sid: 'unknown' })).instance).not.toHaveProperty('sid');
    const withSid = JSON.parse(encodeInstanceJson({ ...orders1(), sid: 'sid-7', appGroupName: 'BILLING', asgName: 'asg' })).instance;
    expect(Object.keys(withSid).slice(3, 5)).toEqual(['ipAddr', 'sid']);
    expect(Object.keys(withSid).slice(12, 14)).toEqual(['metadata', 'appGroupName']);
    expect(Object.keys(withSid).at(-1)).toBe('asgName');
  });

  it('empty metadata is the EmptyMap marker; Amazon carries its metadata; always-present @Auto fields are strings', () => {
    const info: InstanceInfo = {
      ...orders1(),
      metadata: emptyMetadata(),
      isCoordinatingDiscoveryServer: true,
      dataCenterInfo: { name: 'Amazon', metadata: md({ 'instance-id': 'i-1', 'availability-zone': 'us-east-1a' }) },
    };
    const parsed = JSON.parse(encodeInstanceJson(info)).instance;
    expect(parsed.metadata).toEqual({ '@class': 'java.util.Collections$EmptyMap' });
    expect(parsed.dataCenterInfo).toEqual({
      '@class': 'com.netflix.appinfo.AmazonInfo',
      name: 'Amazon',
      metadata: { 'instance-id': 'i-1', 'availability-zone': 'us-east-1a' },
    });
    expect(parsed.isCoordinatingDiscoveryServer).toBe('true');
    const netflix = JSON.parse(encodeInstanceJson({ ...orders1(), dataCenterInfo: { name: 'Netflix' } })).instance;
    expect(netflix.dataCenterInfo).toEqual({ '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'Netflix' });
  });

  it('escapes strings and keeps __proto__ metadata keys as data', () => {
    const metadata = emptyMetadata();
    metadata['__proto__'] = 'p'; // an own key on a null-prototype map (an object literal would set the prototype)
    metadata['k"'] = 'v';
    const info = { ...orders1(), hostName: 'a"b\\c\n\u2028', metadata };
    const text = encodeInstanceJson(info);
    const back = decodeInstanceJson(text);
    expect(back.hostName).toBe('a"b\\c\n\u2028');
    expect(Object.keys(back.metadata)).toEqual(['__proto__', 'k"']);
    expect(back.metadata['__proto__']).toBe('p');
  });

  it('encodeBareInstanceJson is the object inside the {"instance": ...} wrapper', () => {
    const info = orders1();
    expect(encodeInstanceJson(info)).toBe(`{"instance":${encodeBareInstanceJson(info)}}`);
    expect(JSON.parse(encodeBareInstanceJson(info)).hostName).toBe('orders-1.internal');
  });

  it('never writes fields the reference does not (no registeredApplicationsEmpty, no id, no compact-only shapes)', () => {
    const keys = Object.keys(JSON.parse(encodeInstanceJson({ ...orders1(), sid: 's', appGroupName: 'G', asgName: 'a', secureHealthCheckUrl: 'u' })).instance);
    const reference = new Set([
      'instanceId', 'hostName', 'app', 'ipAddr', 'sid', 'status', 'overriddenStatus', 'port', 'securePort', 'countryId',
      'dataCenterInfo', 'leaseInfo', 'metadata', 'appGroupName', 'homePageUrl', 'statusPageUrl', 'healthCheckUrl',
      'secureHealthCheckUrl', 'vipAddress', 'secureVipAddress', 'isCoordinatingDiscoveryServer', 'lastUpdatedTimestamp',
      'lastDirtyTimestamp', 'actionType', 'asgName',
    ]);
    expect(keys.filter((k) => !reference.has(k))).toEqual([]);
    expect(keys).toHaveLength(25);
  });
});
