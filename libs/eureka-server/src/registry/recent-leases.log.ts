import { instanceIdOf } from '@nest-eureka/protocol';
import { Lease } from './lease';

export interface RecentLease {
  at: number;
  label: string;
}

/** A bounded ring of `(timestamp, "APP(id)")` for the dashboard's last-n view (1000 in the reference). */
export class RecentLeasesLog {
  private readonly ring: RecentLease[] = [];
  private next = 0;

  constructor(readonly capacity = 1000) {}

  add(at: number, app: string, id: string): void {
    const entry = { at, label: `${app}(${id})` };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /**
   * `add(at, app, id)` for each lease's record in turn, as far as it shows: only the last
   * `capacity` of them would be kept, so only those are added.
   */
  addLeases(at: number, leases: readonly Lease[]): void {
    for (let i = Math.max(0, leases.length - this.capacity); i < leases.length; i++) {
      const holder = leases[i].holder;
      this.add(at, holder.app, instanceIdOf(holder));
    }
  }

  newestFirst(): RecentLease[] {
    const out: RecentLease[] = [];
    for (let i = 1; i <= this.ring.length; i++) {
      out.push(this.ring[(this.next - i + this.capacity) % this.capacity]);
    }
    return out;
  }
}
