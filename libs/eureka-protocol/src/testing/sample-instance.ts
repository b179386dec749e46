import { InstanceInfo, emptyMetadata } from '../model/instance-info';

/**
 * A minimal valid instance (app `ORDERS`, UP, port 8080, data center `MyOwn`) for tests; override the
 * fields a test is about: `sampleInstance({ instanceId: 'orders-1', status: 'DOWN' })`.
 */
export function sampleInstance(overrides: Partial<InstanceInfo> = {}): InstanceInfo {
  return {
    hostName: 'h',
    app: 'ORDERS',
    ipAddr: '10.0.0.1',
    sid: 'na',
    status: 'UP',
    overriddenStatus: 'UNKNOWN',
    port: { port: 8080, enabled: true },
    securePort: { port: 443, enabled: false },
    countryId: 1,
    dataCenterInfo: { name: 'MyOwn' },
    metadata: emptyMetadata(),
    isCoordinatingDiscoveryServer: false,
    lastUpdatedTimestamp: 2,
    lastDirtyTimestamp: 1,
    ...overrides,
  };
}
