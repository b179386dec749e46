import { Lease } from './lease';

interface QueuedChange {
  readonly lease: Lease;
  readonly enqueuedAt: number;
}

/**
 * The delta source (spec §8.1): every change appends its lease; a timer drops entries older
 * than the retention time. Builders read each lease's holder as it is now, so a register then a
 * status change shows once, as the current record.
 */
export class RecentlyChangedQueue {
  private items: QueuedChange[] = [];
  private head = 0;

  push(lease: Lease, now: number): void {
    this.items.push({ lease, enqueuedAt: now });
  }

  /** Drops entries enqueued before `now - retentionMs`; returns how many went. */
  expire(now: number, retentionMs: number): number {
    const cutoff = now - retentionMs;
    const start = this.head;
    while (this.head < this.items.length && this.items[this.head].enqueuedAt < cutoff) this.head++;
    const dropped = this.head - start;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return dropped;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Leases in queue order, oldest first. */
  *leases(): IterableIterator<Lease> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i].lease;
  }
}
