import { emptyMetadata, InstanceInfo } from '@nest-eureka/protocol';

/** A deep copy (metadata stays a null-prototype object), safe to hand out or to send. */
export function copyInstanceInfo(info: InstanceInfo): InstanceInfo {
  return {
    ...info,
    port: { ...info.port },
    securePort: { ...info.securePort },
    dataCenterInfo: info.dataCenterInfo && {
      ...info.dataCenterInfo,
      ...(info.dataCenterInfo.metadata ? { metadata: { ...info.dataCenterInfo.metadata } } : {}),
    },
    leaseInfo: info.leaseInfo && { ...info.leaseInfo },
    metadata: Object.assign(emptyMetadata(), info.metadata),
  };
}
