import { InstanceInfo } from '@nest-eureka/protocol';
import { Lease } from './lease';

/** A lease with its slot in the registry's `LeaseExpiryTable` (-1 once removed). */
export class SlottedLease extends Lease {
  slot = -1;
  /** The renewal interval counted for this lease when it was added (`LeaseMix.intervalOf`). */
  renewalIntervalSecs = 30;

  /**
   * Settles the representation of the timestamp fields before any lease exists. V8 keeps one
   * representation per field and shape: `evictionTimestamp` and `serviceUpTimestamp` start as the
   * small integer 0, and the first timestamp (a double) stored in them changes that, which
   * deprecates the shape of every lease allocated until then; each one is migrated when next
   * touched. At 100k leases, the first cancellations of a process (an eviction pass of 15k) paid
   * 15-30 ms for it. Storing timestamps in one throwaway lease here makes every lease start with
   * the final shape. Nothing observable changes: the fields still read 0 until set.
   */
  static {
    const at = 2 ** 40; // a time past the small-integer range, as every real timestamp is
    const lease = new SlottedLease({} as InstanceInfo, 1, at);
    lease.serviceUp(at);
    lease.cancel(at);
  }
}

export const bySlot = (a: Lease, b: Lease): number => (a as SlottedLease).slot - (b as SlottedLease).slot;

/**
 * The eviction scan's filter: per lease slot, `lastUpdateTimestamp + durationMs` as of the last
 * renewal the registry applied to that lease (+Infinity for a free slot), in one typed array.
 * Scanning 100k numbers in a row takes well under a millisecond, where walking 100k lease objects
 * through their maps costs tens of milliseconds (each lease and its boxed timestamps a cache miss).
 * Only the slots already past their expiry are then checked with `Lease.isExpired`, which stays
 * the one rule. Only the registry renews, creates and cancels leases, and it updates the table
 * each time; a lease in the registry is never cancelled (cancel removes it first).
 */
export class LeaseExpiryTable {
  private expiry = new Float64Array(1024).fill(Infinity);
  private readonly leases: Array<SlottedLease | undefined> = [];
  private readonly free: number[] = [];
  /** Scratch for `expired()`: the slots past their expiry, in slot order. */
  private hits = new Int32Array(0);
  private used = 0;

  add(lease: SlottedLease): void {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot === this.expiry.length) {
        const grown = new Float64Array(this.expiry.length * 2).fill(Infinity);
        grown.set(this.expiry);
        this.expiry = grown;
      }
    }
    lease.slot = slot;
    this.leases[slot] = lease;
    this.update(lease);
  }

  /** A re-registration: the new lease takes the slot of the one it replaces. */
  replace(old: SlottedLease, lease: SlottedLease): void {
    lease.slot = old.slot;
    old.slot = -1;
    this.leases[lease.slot] = lease;
    this.update(lease);
  }

  /** After the registry renewed `lease` (every lease it holds is a `SlottedLease`). */
  update(lease: Lease): void {
    const slot = (lease as SlottedLease).slot;
    if (slot >= 0) this.expiry[slot] = lease.lastUpdateTimestamp + lease.durationMs;
  }

  remove(lease: SlottedLease): void {
    const slot = lease.slot;
    if (slot < 0) return;
    lease.slot = -1;
    this.leases[slot] = undefined;
    this.expiry[slot] = Infinity;
    this.free.push(slot);
  }

  /** `remove` for each lease. */
  removeAll(leases: readonly SlottedLease[]): void {
    const expiry = this.expiry;
    const free = this.free;
    for (let i = 0; i < leases.length; i++) {
      const lease = leases[i];
      const slot = lease.slot;
      if (slot < 0) continue;
      lease.slot = -1;
      this.leases[slot] = undefined;
      expiry[slot] = Infinity;
      free.push(slot);
    }
  }

  /** Leases for which `isExpired(now, additionalLeaseMs)` holds, in slot order. */
  expired(now: number, additionalLeaseMs: number): Lease[] {
    if (this.hits.length < this.used) this.hits = new Int32Array(this.expiry.length);
    const found = slotsPastExpiry(this.expiry, this.used, now, additionalLeaseMs, this.hits);
    const out: Lease[] = [];
    for (let i = 0; i < found; i++) {
      const lease = this.leases[this.hits[i]];
      if (lease !== undefined && lease.isExpired(now, additionalLeaseMs)) out.push(lease);
    }
    return out;
  }
}

/**
 * Writes to `hits` the slots below `used` whose expiry is past (`now > expiry + additionalLeaseMs`,
 * the sum `Lease.isExpired` makes), in slot order; returns how many. Branch-free and on its own, so
 * its optimised code runs the same operations whatever the data: a scan that found nothing before
 * does not deoptimise at the first expired slot.
 */
function slotsPastExpiry(expiry: Float64Array, used: number, now: number, additionalLeaseMs: number, hits: Int32Array): number {
  let found = 0;
  for (let slot = 0; slot < used; slot++) {
    hits[found] = slot;
    found += now > expiry[slot] + additionalLeaseMs ? 1 : 0;
  }
  return found;
}
