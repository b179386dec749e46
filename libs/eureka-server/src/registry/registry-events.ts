import { InstanceInfo } from '@nest-eureka/protocol';
import { Lease } from './lease';

/**
 * The one stream of changes the registry applies. Cache invalidation, the delta queue,
 * replication and live views consume it; none of them is called by hand from the write path.
 * Heartbeats that change nothing are counted, not streamed.
 */
export type RegistryChangeKind = 'registered' | 'cancelled' | 'evicted' | 'status-changed' | 'override-removed';

export interface RegistryChange {
  readonly kind: RegistryChangeKind;
  /** Upper-case application name. */
  readonly app: string;
  readonly id: string;
  /** The record after the change (for cancel/evict: as it was when removed). */
  readonly instance: InstanceInfo;
  /** The lease the change applied to (for cancel/evict: the removed one). */
  readonly lease: Lease;
  /** The VIP strings of the record before the change, when they differ from the record's own. */
  readonly previousVipAddress?: string;
  readonly previousSecureVipAddress?: string;
  readonly isReplication: boolean;
  readonly at: number;
}

export type RegistryChangeListener = (change: RegistryChange) => void;

/**
 * Every lease one eviction pass removed (at least one), in removal order, as one notification. Each
 * stands for the `evicted` change a listener function gets for it: `lease.holder` is the record as
 * it was removed (its `app`, its id via `instanceIdOf`), no previous VIP strings, not a
 * replication, `at` its `lastUpdatedTimestamp`. Subscribers must not modify `leases`.
 */
export interface RegistryChangeBatch {
  readonly kind: 'evicted';
  readonly leases: readonly Lease[];
  readonly isReplication: false;
  readonly at: number;
}

/**
 * A consumer that takes an eviction pass as one batch (`onChangeBatch`) and every other change one
 * by one (`onChange`). Plain listener functions get every change one by one, evictions included.
 */
export interface RegistryChangeSubscriber {
  onChange(change: RegistryChange): void;
  onChangeBatch(batch: RegistryChangeBatch): void;
}
