import { InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { Lease } from './lease';

/**
 * The reference's status rule chain (spec §7.4), first match wins:
 * 1. DOWN / STARTING / UNKNOWN from the instance are believed;
 * 2. an override for the instance wins;
 * 3. (not a replication) an existing lease that is UP or OUT_OF_SERVICE keeps its status;
 * 4. otherwise the instance's own status.
 * The AWS-only ASG rule is not part of this server (no AWS registry).
 */
export function resolveInstanceStatus(
  candidate: InstanceInfo,
  override: InstanceStatus | undefined,
  existing: Lease | undefined,
  isReplication: boolean,
): InstanceStatus {
  const status = candidate.status;
  if (status !== InstanceStatus.UP && status !== InstanceStatus.OUT_OF_SERVICE) return status;
  if (override !== undefined) return override;
  if (!isReplication && existing) {
    const held = existing.holder.status;
    if (held === InstanceStatus.UP || held === InstanceStatus.OUT_OF_SERVICE) return held;
  }
  return status;
}
