import { Lease } from './lease';

/** A lease with its slot in the registry's `LeaseExpiryTable` (-1 once removed). */
export class SlottedLease extends Lease {
  slot = -1;
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

  /** Leases for which `isExpired(now, additionalLeaseMs)` holds, in slot order. */
  expired(now: number, additionalLeaseMs: number): Lease[] {
    const out: Lease[] = [];
    const expiry = this.expiry;
    for (let slot = 0; slot < this.used; slot++) {
      // Same sum as `Lease.isExpired`: lastUpdateTimestamp + durationMs + additionalLeaseMs.
      if (!(now > expiry[slot] + additionalLeaseMs)) continue;
      const lease = this.leases[slot];
      if (lease !== undefined && lease.isExpired(now, additionalLeaseMs)) out.push(lease);
    }
    return out;
  }
}
