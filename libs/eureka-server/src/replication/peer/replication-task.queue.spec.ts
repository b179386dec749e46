import { ReplicationTaskQueue, replicationTaskId } from './replication-task.queue';
import { cancel, heartbeat } from './testing/stub-peer.testing';

describe('ReplicationTaskQueue', () => {
  const NOW = 1_000;
  const LATER = 1_000_000;

  it('keys tasks by action, app and instance id', () => {
    expect(replicationTaskId(heartbeat('a'))).toBe('Heartbeat#ORDERS/a');
    expect(replicationTaskId(cancel('a'))).toBe('Cancel#ORDERS/a');
  });

  it('replaces a queued task with the same id in place, keeping its position and age', () => {
    const queue = new ReplicationTaskQueue(10);
    queue.offer(heartbeat('a', { status: 'UP' }), LATER, NOW);
    queue.offer(heartbeat('b'), LATER, NOW + 5);
    queue.offer(cancel('a'), LATER, NOW + 6);
    const result = queue.offer(heartbeat('a', { status: 'DOWN' }), LATER + 1, NOW + 10);
    expect(result).toEqual({ replaced: true, dropped: 0 });
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/a', 'Heartbeat#ORDERS/b', 'Cancel#ORDERS/a']);
    expect(queue.oldestQueuedAt()).toBe(NOW);
    const { batch } = queue.take(10, NOW + 20);
    expect(batch[0].item.status).toBe('DOWN');
    expect(batch[0].expiresAt).toBe(LATER + 1);
    expect(batch[0].queuedAt).toBe(NOW);
  });

  it('drops the oldest task when over the bound', () => {
    const queue = new ReplicationTaskQueue(3);
    let dropped = 0;
    for (const id of ['a', 'b', 'c', 'd', 'e']) dropped += queue.offer(heartbeat(id), LATER, NOW).dropped;
    expect(dropped).toBe(2);
    expect(queue.size).toBe(3);
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/c', 'Heartbeat#ORDERS/d', 'Heartbeat#ORDERS/e']);
  });

  it('stays O(1) per offer at the reference bound (200k offers, bound 10000)', () => {
    const queue = new ReplicationTaskQueue(10_000);
    const start = process.hrtime.bigint();
    let dropped = 0;
    for (let i = 0; i < 200_000; i++) dropped += queue.offer(heartbeat(`i-${i}`), LATER, NOW).dropped;
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    expect(queue.size).toBe(10_000);
    expect(dropped).toBe(190_000);
    expect(queue.oldestQueuedAt()).toBe(NOW);
    expect(queue.ids()[0]).toBe('Heartbeat#ORDERS/i-190000');
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('takes batches from the head and drops expired tasks on the way', () => {
    const queue = new ReplicationTaskQueue(10);
    queue.offer(heartbeat('a'), NOW + 10, NOW);
    queue.offer(heartbeat('b'), LATER, NOW);
    queue.offer(heartbeat('c'), NOW + 10, NOW);
    queue.offer(heartbeat('d'), LATER, NOW);
    queue.offer(heartbeat('e'), LATER, NOW);
    const first = queue.take(2, NOW + 10);
    expect(first.batch.map((t) => t.item.id)).toEqual(['b', 'd']);
    expect(first.expired).toBe(2);
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/e']);
  });

  it('re-queues a failed batch at the head, in order', () => {
    const queue = new ReplicationTaskQueue(10);
    for (const id of ['a', 'b', 'c']) queue.offer(heartbeat(id), LATER, NOW);
    const { batch } = queue.take(2, NOW);
    queue.offer(heartbeat('d'), LATER, NOW + 1);
    expect(queue.requeue(batch, NOW + 2)).toEqual({ requeued: 2, superseded: 0, expired: 0, dropped: 0 });
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/a', 'Heartbeat#ORDERS/b', 'Heartbeat#ORDERS/c', 'Heartbeat#ORDERS/d']);
  });

  it('does not re-queue a task superseded by a newer one, whether queued or already taken', () => {
    const queue = new ReplicationTaskQueue(10);
    queue.offer(heartbeat('a', { lastDirtyTimestamp: 1 }), LATER, NOW);
    queue.offer(heartbeat('b', { lastDirtyTimestamp: 1 }), LATER, NOW);
    const first = queue.take(2, NOW).batch;
    queue.offer(heartbeat('a', { lastDirtyTimestamp: 2 }), LATER, NOW + 1); // queued
    queue.offer(heartbeat('b', { lastDirtyTimestamp: 2 }), LATER, NOW + 1);
    const second = queue.take(1, NOW + 1).batch; // a@2 taken: in flight
    expect(second[0].item.lastDirtyTimestamp).toBe(2);
    expect(queue.requeue(first, NOW + 2)).toEqual({ requeued: 0, superseded: 2, expired: 0, dropped: 0 });
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/b']);
    expect(queue.take(5, NOW + 3).batch[0].item.lastDirtyTimestamp).toBe(2);
  });

  it('treats a re-queue of a released task as superseded', () => {
    const queue = new ReplicationTaskQueue(10);
    queue.offer(heartbeat('a'), LATER, NOW);
    const [task] = queue.take(1, NOW).batch;
    queue.release(task);
    // released (delivered) tasks are no longer "newest": a late re-queue is treated as superseded
    expect(queue.requeue([task], NOW).superseded).toBe(1);
  });

  it('drops expired tasks on re-queue and keeps the bound, dropping the oldest', () => {
    const queue = new ReplicationTaskQueue(3);
    queue.offer(heartbeat('a'), NOW + 5, NOW);
    queue.offer(heartbeat('b'), LATER, NOW);
    queue.offer(heartbeat('c'), LATER, NOW);
    const { batch } = queue.take(3, NOW);
    for (const id of ['d', 'e']) queue.offer(heartbeat(id), LATER, NOW);
    expect(queue.requeue(batch, NOW + 5)).toEqual({ requeued: 2, superseded: 0, expired: 1, dropped: 1 });
    expect(queue.size).toBe(3);
    expect(queue.ids()).toEqual(['Heartbeat#ORDERS/c', 'Heartbeat#ORDERS/d', 'Heartbeat#ORDERS/e']);
  });

  it('forgets everything on clear', () => {
    const queue = new ReplicationTaskQueue(3);
    queue.offer(heartbeat('a'), LATER, NOW);
    const taken = queue.take(1, NOW).batch;
    queue.offer(heartbeat('b'), LATER, NOW);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.oldestQueuedAt()).toBeUndefined();
    expect(queue.requeue(taken, NOW).superseded).toBe(1);
  });
});
