import { InstanceInfo, emptyMetadata, instanceIdOf } from '@nest-eureka/protocol';

/**
 * What the Spring server does to a record as it decodes it, before validation and storage:
 * - an instance registered without `instanceId` but with `metadata.instanceId` gets
 *   `instanceId = hostName:metadata.instanceId` (unless the value already starts with the host
 *   name), and the stored record keeps it (spec §4.10, §17 #14);
 * - an Amazon record without `instance-id` has it back-filled with the effective id (spec §4.5).
 */
export function normalizeRegistration(info: InstanceInfo): InstanceInfo {
  const metaId = info.metadata['instanceId'];
  if (!info.instanceId && metaId) {
    info.instanceId = info.hostName && !metaId.startsWith(info.hostName) ? `${info.hostName}:${metaId}` : metaId;
  }
  const dc = info.dataCenterInfo;
  if (dc?.name === 'Amazon' && !dc.metadata?.['instance-id']) {
    const id = instanceIdOf(info);
    if (id) {
      const metadata = dc.metadata ?? emptyMetadata();
      metadata['instance-id'] = id;
      dc.metadata = metadata;
    }
  }
  return info;
}
