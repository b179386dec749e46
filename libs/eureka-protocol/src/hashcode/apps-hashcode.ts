import { InstanceStatus } from '../model/instance-status';

/** Status names in plain string order, the order the reference's sorted map yields (spec §8.2). */
const HASH_ORDER: readonly InstanceStatus[] = [
  InstanceStatus.DOWN,
  InstanceStatus.OUT_OF_SERVICE,
  InstanceStatus.STARTING,
  InstanceStatus.UNKNOWN,
  InstanceStatus.UP,
];

/**
 * The "reconcile hash code": `STATUS_count_` for each status with a non-zero count, statuses in
 * string order, e.g. `DOWN_1_UP_3_`; `""` when there are no instances. Counts every instance given.
 */
export function appsHashCode(instances: Iterable<{ status: InstanceStatus }>): string {
  let down = 0;
  let outOfService = 0;
  let starting = 0;
  let unknown = 0;
  let up = 0;
  for (const { status } of instances) {
    switch (status) {
      case InstanceStatus.UP:
        up++;
        break;
      case InstanceStatus.DOWN:
        down++;
        break;
      case InstanceStatus.STARTING:
        starting++;
        break;
      case InstanceStatus.OUT_OF_SERVICE:
        outOfService++;
        break;
      case InstanceStatus.UNKNOWN:
        unknown++;
        break;
      default:
        break; // not a status: cannot occur for decoded records
    }
  }
  return hashCodeFromCounts({ DOWN: down, OUT_OF_SERVICE: outOfService, STARTING: starting, UNKNOWN: unknown, UP: up });
}

/** The same string from precomputed per-status counts (missing or non-positive counts are skipped). */
export function hashCodeFromCounts(counts: Readonly<Partial<Record<InstanceStatus, number>>>): string {
  let hash = '';
  for (const status of HASH_ORDER) {
    const count = counts[status];
    if (count !== undefined && count > 0) hash += `${status}_${count}_`;
  }
  return hash;
}
