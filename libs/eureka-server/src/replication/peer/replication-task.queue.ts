import type { ReplicationInstance } from '@nest-eureka/protocol';

/** One item waiting for, or travelling to, one peer. */
export interface ReplicationTask {
  /** `${action}#${appName}/${id}` (spec §12.2): a newer task with the same id replaces this one. */
  readonly id: string;
  readonly item: ReplicationInstance;
  /** Clock time after which the task is dropped unsent. */
  readonly expiresAt: number;
  /** Clock time its queue slot was taken; kept across replacements and re-queues (batching delay). */
  readonly queuedAt: number;
}

export function replicationTaskId(item: ReplicationInstance): string {
  return `${item.action}#${item.appName}/${item.id}`;
}

interface Slot {
  task: ReplicationTask;
  prev?: Slot;
  next?: Slot;
}

export interface OfferResult {
  /** A pending task with the same id was replaced (it keeps its place in the queue). */
  replaced: boolean;
  /** Tasks dropped from the head because the bound was exceeded. */
  dropped: number;
}

export interface RequeueResult {
  requeued: number;
  /** A newer task with the same id was enqueued meanwhile: the old one is not re-queued. */
  superseded: number;
  expired: number;
  /** Re-queued tasks that did not fit under the bound (the oldest go). */
  dropped: number;
}

export interface TakeResult {
  batch: ReplicationTask[];
  /** Expired tasks met at the head and dropped. */
  expired: number;
}

/**
 * The bounded, keyed queue of one peer (reference `AcceptorExecutor`): a doubly-linked list in
 * sending order plus an index by task id, so every operation is O(1) per task.
 *
 * - A newer task with the same id REPLACES the queued one in place: it keeps the slot's position
 *   and `queuedAt`, so a stream of heartbeats for one instance cannot starve it.
 * - Failed batches go back to the HEAD in their order (they are the oldest), unless a newer task
 *   with the same id was enqueued since they left (the newer one wins) or they have expired.
 * - Over the bound, the head (oldest) is dropped.
 *
 * `newest` remembers the latest task per id while it is queued or in flight, which is what makes
 * "superseded" decidable once a task has left the queue; it holds at most queued + in-flight ids.
 */
export class ReplicationTaskQueue {
  private head?: Slot;
  private tail?: Slot;
  private readonly slots = new Map<string, Slot>();
  private readonly newest = new Map<string, ReplicationTask>();
  private readonly bound: number;

  constructor(bound: number) {
    this.bound = Math.max(1, Math.floor(bound));
  }

  get size(): number {
    return this.slots.size;
  }

  /** `queuedAt` of the head task: the one that has waited longest. */
  oldestQueuedAt(): number | undefined {
    return this.head?.task.queuedAt;
  }

  offer(item: ReplicationInstance, expiresAt: number, now: number): OfferResult {
    const id = replicationTaskId(item);
    const existing = this.slots.get(id);
    if (existing) {
      existing.task = { id, item, expiresAt, queuedAt: existing.task.queuedAt };
      this.newest.set(id, existing.task);
      return { replaced: true, dropped: 0 };
    }
    const task: ReplicationTask = { id, item, expiresAt, queuedAt: now };
    this.newest.set(id, task);
    this.append({ task });
    return { replaced: false, dropped: this.trimHead() };
  }

  /** Puts the tasks of a failed batch back at the head, in their order. */
  requeue(tasks: readonly ReplicationTask[], now: number): RequeueResult {
    const result: RequeueResult = { requeued: 0, superseded: 0, expired: 0, dropped: 0 };
    for (let i = tasks.length - 1; i >= 0; i--) {
      const task = tasks[i];
      if (this.newest.get(task.id) !== task) {
        result.superseded++;
      } else if (task.expiresAt <= now) {
        this.newest.delete(task.id);
        result.expired++;
      } else {
        this.prepend({ task });
        result.requeued++;
      }
    }
    result.dropped = this.trimHead();
    return result;
  }

  /** Removes up to `max` live tasks from the head; expired ones met on the way are dropped. */
  take(max: number, now: number): TakeResult {
    const result: TakeResult = { batch: [], expired: 0 };
    while (this.head && result.batch.length < max) {
      const { task } = this.head;
      this.unlink(this.head);
      if (task.expiresAt <= now) {
        this.release(task);
        result.expired++;
      } else {
        result.batch.push(task);
      }
    }
    return result;
  }

  /** The tasks left the system (delivered, answered or given up). */
  release(task: ReplicationTask): void {
    if (this.newest.get(task.id) === task) this.newest.delete(task.id);
  }

  clear(): void {
    this.head = undefined;
    this.tail = undefined;
    this.slots.clear();
    this.newest.clear();
  }

  /** Ids in sending order (tests). */
  ids(): string[] {
    const ids: string[] = [];
    for (let slot = this.head; slot; slot = slot.next) ids.push(slot.task.id);
    return ids;
  }

  private trimHead(): number {
    let dropped = 0;
    while (this.slots.size > this.bound && this.head) {
      const { task } = this.head;
      this.unlink(this.head);
      this.release(task);
      dropped++;
    }
    return dropped;
  }

  private append(slot: Slot): void {
    slot.prev = this.tail;
    if (this.tail) this.tail.next = slot;
    else this.head = slot;
    this.tail = slot;
    this.slots.set(slot.task.id, slot);
  }

  private prepend(slot: Slot): void {
    slot.next = this.head;
    if (this.head) this.head.prev = slot;
    else this.tail = slot;
    this.head = slot;
    this.slots.set(slot.task.id, slot);
  }

  private unlink(slot: Slot): void {
    if (slot.prev) slot.prev.next = slot.next;
    else this.head = slot.next;
    if (slot.next) slot.next.prev = slot.prev;
    else this.tail = slot.prev;
    slot.prev = slot.next = undefined;
    this.slots.delete(slot.task.id);
  }
}
