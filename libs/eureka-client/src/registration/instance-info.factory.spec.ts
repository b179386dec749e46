import * as os from 'node:os';
import { decodeInstanceJson, encodeInstanceJson, validateRegistration } from '@nest-eureka/protocol';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { resolveClientOptions } from '../config/resolve-client-options';
import { chooseIpAddress } from './ip-address.chooser';
import { InstanceInfoFactory } from './instance-info.factory';

function factory(options: EurekaClientModuleOptions): InstanceInfoFactory {
  return new InstanceInfoFactory(resolveClientOptions({ appName: 'orders-service', ...options }));
}

describe('InstanceInfoFactory', () => {
  it('builds the Spring default record', () => {
    const info = factory({ hostname: 'node-1', ipAddress: '10.0.0.5' }).create(8080, 1_700_000_000_000);
    expect(info).toEqual({
      instanceId: 'node-1:orders-service:8080',
      hostName: 'node-1',
      app: 'ORDERS-SERVICE',
      ipAddr: '10.0.0.5',
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
        registrationTimestamp: 0,
        lastRenewalTimestamp: 0,
        evictionTimestamp: 0,
        serviceUpTimestamp: 0,
      },
      metadata: {},
      homePageUrl: 'http://node-1:8080/',
      statusPageUrl: 'http://node-1:8080/actuator/info',
      healthCheckUrl: 'http://node-1:8080/actuator/health',
      vipAddress: 'orders-service',
      secureVipAddress: 'orders-service',
      isCoordinatingDiscoveryServer: false,
      lastUpdatedTimestamp: 1_700_000_000_000,
      lastDirtyTimestamp: 1_700_000_000_000,
    });
    expect(Object.getPrototypeOf(info.metadata)).toBeNull();
    expect(validateRegistration(info, 'orders-service')).toBeUndefined();
  });

  it('keeps the lower-case name in the instance id and VIPs, and survives the wire codec', () => {
    const info = factory({ appName: 'Mixed-Case', hostname: 'h', ipAddress: '10.0.0.1', metadataMap: { 'management.port': '9090' } }).create(7000);
    expect(info.instanceId).toBe('h:Mixed-Case:7000');
    expect(info.vipAddress).toBe('Mixed-Case');
    const decoded = decodeInstanceJson(encodeInstanceJson(info));
    expect(decoded).toMatchObject({ instanceId: 'h:Mixed-Case:7000', app: 'MIXED-CASE', port: { port: 7000, enabled: true } });
    expect({ ...decoded.metadata }).toEqual({ 'management.port': '9090' });
  });

  it('advertises the IP address with preferIpAddress, keeping the host name in the instance id', () => {
    const info = factory({ hostname: 'node-1', ipAddress: '10.0.0.5', preferIpAddress: true }).create(8080);
    expect(info.hostName).toBe('10.0.0.5');
    expect(info.instanceId).toBe('node-1:orders-service:8080');
    expect(info.homePageUrl).toBe('http://10.0.0.5:8080/');
    expect(info.healthCheckUrl).toBe('http://10.0.0.5:8080/actuator/health');
  });

  it('defaults host name and IP address from the machine', () => {
    const info = factory({}).create(8080);
    expect(info.hostName).toBe(os.hostname());
    expect(info.ipAddr).toBe(chooseIpAddress(os.networkInterfaces()));
  });

  it('applies the overrides: id, VIPs, paths, lease, ports, status, metadata and zone', () => {
    const info = factory({
      hostname: 'h',
      ipAddress: '10.0.0.1',
      instanceId: 'custom-1',
      vipAddress: 'orders-vip',
      secureVipAddress: 'orders-svip',
      homePageUrlPath: '/home',
      statusPageUrlPath: '/info',
      healthCheckUrlPath: '/health',
      leaseRenewalIntervalInSeconds: 5,
      leaseExpirationDurationInSeconds: 15,
      securePortEnabled: true,
      securePort: 8443,
      initialStatus: 'STARTING',
      metadataMap: { team: 'blue' },
      region: 'eu-west-1',
      availabilityZones: { 'eu-west-1': 'zone-b, zone-c' },
    }).create(8080);
    expect(info).toMatchObject({
      instanceId: 'custom-1',
      vipAddress: 'orders-vip',
      secureVipAddress: 'orders-svip',
      homePageUrl: 'http://h:8080/home',
      statusPageUrl: 'http://h:8080/info',
      healthCheckUrl: 'http://h:8080/health',
      secureHealthCheckUrl: 'https://h:8443/health',
      securePort: { port: 8443, enabled: true },
      status: 'STARTING',
      leaseInfo: { renewalIntervalInSecs: 5, durationInSecs: 15 },
    });
    expect({ ...info.metadata }).toEqual({ team: 'blue', zone: 'zone-b' });
  });

  it('keeps a zone given in the metadata map and adds none when no zone is configured', () => {
    const withZone = factory({ hostname: 'h', ipAddress: '1.2.3.4', metadataMap: { zone: 'mine' }, availabilityZones: { 'us-east-1': 'z1' } });
    expect(withZone.create(1).metadata.zone).toBe('mine');
    expect('zone' in factory({ hostname: 'h', ipAddress: '1.2.3.4' }).create(1).metadata).toBe(false);
  });

  it('omits the plain health check URL when the non-secure port is disabled, and sends whole lease seconds', () => {
    const info = factory({ hostname: 'h', ipAddress: '1.2.3.4', nonSecurePortEnabled: false, leaseRenewalIntervalInSeconds: 0.1 }).create(8080);
    expect(info.port).toEqual({ port: 8080, enabled: false });
    expect(info.healthCheckUrl).toBeUndefined();
    expect(info.leaseInfo?.renewalIntervalInSecs).toBe(1);
  });
});
