import { hostname, networkInterfaces } from 'node:os';
import { InstanceInfo, InstanceStatus, emptyMetadata } from '@nest-eureka/protocol';

/** The first non-internal IPv4 address of this host, or 127.0.0.1. */
export function localIpAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

/** The server's own record, as `/status` shows it (the reference shows its own `InstanceInfo`). */
export function serverInstanceInfo(now: number): InstanceInfo {
  const host = hostname();
  return {
    instanceId: `${host}:eureka-server`,
    hostName: host,
    app: 'EUREKA-SERVER',
    ipAddr: localIpAddress(),
    sid: 'na',
    status: InstanceStatus.UP,
    overriddenStatus: InstanceStatus.UNKNOWN,
    port: { port: 8761, enabled: true },
    securePort: { port: 443, enabled: false },
    countryId: 1,
    dataCenterInfo: { name: 'MyOwn' },
    metadata: emptyMetadata(),
    vipAddress: 'eureka-server',
    isCoordinatingDiscoveryServer: true,
    lastUpdatedTimestamp: now,
    lastDirtyTimestamp: now,
  };
}
