import { InstanceInfo, emptyMetadata } from '../model/instance-info';

/** Test support: a minimal valid instance; each spec overrides the fields it is about. */
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
