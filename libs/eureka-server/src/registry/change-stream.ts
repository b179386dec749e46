import { InstanceInfo, instanceIdOf } from '@nest-eureka/protocol';
import { Lease } from './lease';
import {
  RegistryChange,
  RegistryChangeBatch,
  RegistryChangeKind,
  RegistryChangeListener,
  RegistryChangeSubscriber,
} from './registry-events';

/**
 * The registry's change stream: listener functions get one call per change; subscribers get one
 * call per change too, except for an eviction pass, which they get as one batch. Within a pass,
 * notifications go out once every victim has been removed, in removal order.
 */
export class RegistryChangeStream {
  /** In subscription order; single changes reach them in this order. */
  private readonly all: Array<RegistryChangeListener | RegistryChangeSubscriber> = [];
  private functions = 0;

  add(listener: RegistryChangeListener | RegistryChangeSubscriber): () => void {
    this.all.push(listener);
    if (typeof listener === 'function') this.functions++;
    return () => {
      const i = this.all.indexOf(listener);
      if (i < 0) return;
      this.all.splice(i, 1);
      if (typeof listener === 'function') this.functions--;
    };
  }

  emit(kind: RegistryChangeKind, lease: Lease, isReplication: boolean, previous?: InstanceInfo): void {
    const change = toChange(kind, lease, isReplication, previous);
    const all = this.all;
    for (let i = 0; i < all.length; i++) {
      const to = all[i];
      if (typeof to === 'function') to(change);
      else to.onChange(change);
    }
  }

  /**
   * One eviction pass: `leases`, already removed from the registry at `at`. Subscribers get the
   * batch (in subscription order), then listener functions get one `evicted` change per lease,
   * lease by lease.
   */
  emitEvicted(leases: readonly Lease[], at: number): void {
    const count = leases.length;
    if (count === 0) return;
    const all = this.all;
    if (all.length > this.functions) {
      const batch: RegistryChangeBatch = { kind: 'evicted', leases, isReplication: false, at };
      for (let i = 0; i < all.length; i++) {
        const to = all[i];
        if (typeof to !== 'function') to.onChangeBatch(batch);
      }
    }
    if (this.functions === 0) return;
    for (let v = 0; v < count; v++) {
      const change = toChange('evicted', leases[v], false, undefined);
      for (let i = 0; i < all.length; i++) {
        const to = all[i];
        if (typeof to === 'function') to(change);
      }
    }
  }
}

function toChange(kind: RegistryChangeKind, lease: Lease, isReplication: boolean, previous: InstanceInfo | undefined): RegistryChange {
  const instance = lease.holder;
  return {
    kind,
    app: instance.app,
    id: instanceIdOf(instance),
    instance,
    lease,
    previousVipAddress: previous && previous.vipAddress !== instance.vipAddress ? previous.vipAddress : undefined,
    previousSecureVipAddress:
      previous && previous.secureVipAddress !== instance.secureVipAddress ? previous.secureVipAddress : undefined,
    isReplication,
    at: instance.lastUpdatedTimestamp,
  };
}
