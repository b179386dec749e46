import { HttpAdapterHost } from '@nestjs/core';
import { hostname, networkInterfaces } from 'node:os';
import { InstanceInfo, InstanceStatus, emptyMetadata } from '@nest-eureka/protocol';

/** The first non-internal IPv4 address of this host, or 127.0.0.1. */
export function localIpAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

/** Where the embedding application's HTTP server listens, once it does; else 8761, Eureka's default port. */
export function listeningPort(adapterHost: HttpAdapterHost | undefined): number {
  const address = adapterHost?.httpAdapter?.getHttpServer?.()?.address?.();
  return address && typeof address === 'object' && typeof address.port === 'number' ? address.port : 8761;
}

/** The server's own record, as `/status` shows it (the reference shows its own `InstanceInfo`). */
export function serverInstanceInfo(now: number, port: number): InstanceInfo {
  const host = hostname();
  return {
    instanceId: `${host}:eureka-server`,
    hostName: host,
    app: 'EUREKA-SERVER',
    ipAddr: localIpAddress(),
    sid: 'na',
    status: InstanceStatus.UP,
    overriddenStatus: InstanceStatus.UNKNOWN,
    port: { port, enabled: true },
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
