import { Lease } from './lease';

/**
 * The delta source (spec §8.1): every change appends its lease; a timer drops entries older
 * than the retention time. Builders read each lease's holder as it is now, so a register then a
 * status change shows once, as the current record.
 *
 * Two parallel arrays (leases, enqueue times) instead of one object per entry: a push allocates
 * nothing beyond the arrays' growth.
 */
export class RecentlyChangedQueue {
  private items: Lease[] = [];
  private times: number[] = [];
  private head = 0;

  push(lease: Lease, now: number): void {
    this.items.push(lease);
    this.times.push(now);
  }

  /** Appends `leases`, in order, all enqueued at `now`. */
  pushAll(leases: readonly Lease[], now: number): void {
    const items = this.items;
    const times = this.times;
    for (let i = 0; i < leases.length; i++) {
      items.push(leases[i]);
      times.push(now);
    }
  }

  /** Drops entries enqueued before `now - retentionMs`; returns how many went. */
  expire(now: number, retentionMs: number): number {
    const cutoff = now - retentionMs;
    const start = this.head;
    const times = this.times;
    while (this.head < times.length && times[this.head] < cutoff) this.head++;
    const dropped = this.head - start;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return dropped;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Leases in queue order, oldest first. */
  *leases(): IterableIterator<Lease> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}
