import { InstanceInfo } from './instance-info';

export interface Application {
  /** Upper-case application name. */
  name: string;
  instances: InstanceInfo[];
}

/** Full registry, delta or VIP document. */
export interface Applications {
  /** `versions__delta`: "1" for a full fetch, a counter for deltas, "-1" for VIP documents. */
  versionDelta: string;
  /** `apps__hashcode` (spec §8.2); "" for an empty document. */
  appsHashCode: string;
  applications: Application[];
}
