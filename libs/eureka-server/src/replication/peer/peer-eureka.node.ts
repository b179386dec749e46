import type { InstanceInfo, ReplicationInstance, ReplicationInstanceResponse } from '@nest-eureka/protocol';
import { Clock } from '../../clock/clock';
import { PauseReason, pauseAfterFailure } from './peer-backoff.policy';
import { PeerNodeLogger } from './peer-node.logger';
import { PeerNodeOptions } from './peer-node.options';
import { PeerBatchOutcome, PeerReplicationClient } from './peer-replication.client';
import { parsePeerServiceUrl, scrubCredentials } from './peer-service-url.parser';
import { ReplicationTask, ReplicationTaskQueue } from './replication-task.queue';

export interface PeerNodeHandlers {
  /** a Heartbeat item answered 404: the orchestrator enqueues a Register of its current record */
  onHeartbeatNotFound(node: PeerEurekaNode, appName: string, id: string): void;
  /** a Heartbeat item answered 409 with the peer's copy (responseEntity) */
  onHeartbeatConflict(node: PeerEurekaNode, appName: string, id: string, peerCopy: InstanceInfo): void;
}

export interface PeerNodeStats {
  /** Display URL, credentials removed. */
  url: string;
  /** The last batch call got a 2xx answer (false until the first one). */
  reachable: boolean;
  /** Tasks waiting. */
  queued: number;
  /** Batch requests in flight. */
  inFlight: number;
  /** Most tasks ever waiting at once (never above `maxElementsInPeerReplicationPool`). */
  highWaterMark: number;
  /** Tasks dropped by queue overflow (the oldest go). */
  dropped: number;
  /** Tasks past their expiry, never sent. */
  expired: number;
  /** Tasks given up: batches dropped on a permanent error (each task counted), non-2xx items nobody handles. */
  failed: number;
  /** Batch calls whose tasks were re-queued after 503 / time-out / network error. */
  retried: number;
  /** Batch calls answered 2xx, and the tasks they carried. */
  sentBatches: number;
  sentItems: number;
  /** Pause applied after the last failed call (grows on consecutive failures); 0 after a success. */
  backoffMs: number;
  lastSuccessAt?: number;
  lastFailureAt?: number;
  /** Never contains credentials. */
  lastError?: string;
}

interface DrainWaiter {
  resolve(): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

type Counters = Pick<PeerNodeStats, 'dropped' | 'expired' | 'failed' | 'retried' | 'sentBatches' | 'sentItems' | 'highWaterMark'>;

/**
 * The sender to one peer (spec §12.2): a bounded queue keyed by task id, batches cut by size or
 * age, up to `maxThreadsForPeerReplication` batch calls in flight, re-queue with back-off on
 * congestion and network errors, drop on permanent errors, and per-item results handed to the
 * orchestrator. `enqueue` is O(1) and does no I/O; all work happens on (unref'd) timers.
 *
 * While calls fail (503, time-out, network error) the pause doubles per consecutive failure —
 * 1000 ms (congestion) or 100 ms (network) at first, 30 s at most — and only one call is in
 * flight at a time, a probe; the first 2xx restores full concurrency. Concurrent failures of
 * calls sent before a pause started do not count again.
 */
export class PeerEurekaNode {
  /** As configured, ending with `/`; may contain `user:pass@`. */
  readonly serviceUrl: string;
  /** Credentials removed. */
  readonly displayUrl: string;

  private readonly options: PeerNodeOptions;
  private readonly queue: ReplicationTaskQueue;
  private readonly client: PeerReplicationClient;
  private readonly log: PeerNodeLogger;
  private readonly counters: Counters = { dropped: 0, expired: 0, failed: 0, retried: 0, sentBatches: 0, sentItems: 0, highWaterMark: 0 };
  private readonly drainWaiters = new Set<DrainWaiter>();
  private inFlight = 0;
  private closed = false;
  private reachable = false;
  private lastSuccessAt?: number;
  private lastFailureAt?: number;
  private lastError?: string;
  private wakeTimer?: NodeJS.Timeout;
  private wakeAt = Infinity;
  private pauseTimer?: NodeJS.Timeout;
  private pauseEpoch = 0;
  private consecutiveFailures = 0;
  private backoffMs = 0;

  constructor(
    serviceUrl: string,
    options: PeerNodeOptions,
    private readonly handlers: PeerNodeHandlers,
    private readonly clock: Clock,
  ) {
    const url = parsePeerServiceUrl(serviceUrl);
    this.serviceUrl = url.serviceUrl;
    this.displayUrl = url.displayUrl;
    this.options = {
      ...options,
      batchSize: Math.max(1, Math.floor(options.batchSize)),
      batchingDelayMs: Math.max(0, options.batchingDelayMs),
      maxThreadsForPeerReplication: Math.max(1, Math.floor(options.maxThreadsForPeerReplication)),
    };
    this.queue = new ReplicationTaskQueue(options.maxElementsInPeerReplicationPool);
    this.client = new PeerReplicationClient(url, {
      connectTimeoutMs: options.peerNodeConnectTimeoutMs,
      readTimeoutMs: options.peerNodeReadTimeoutMs,
      compress: options.enableReplicatedRequestCompression,
      maxSockets: this.options.maxThreadsForPeerReplication,
    });
    this.log = new PeerNodeLogger(this.displayUrl, clock);
  }

  /**
   * Queues one item for this peer. A queued task with the same id (`${action}#${appName}/${id}`)
   * is replaced in place: it keeps its position and its age. Ignored after `shutdown()`.
   */
  enqueue(item: ReplicationInstance, expiresAt: number): void {
    if (this.closed) return;
    const { dropped } = this.queue.offer(item, expiresAt, this.clock.now());
    this.counters.dropped += dropped;
    this.noteQueueSize();
    this.scheduleWake();
  }

  stats(): PeerNodeStats {
    return {
      url: this.displayUrl,
      reachable: this.reachable,
      queued: this.queue.size,
      inFlight: this.inFlight,
      ...this.counters,
      backoffMs: this.backoffMs,
      lastSuccessAt: this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt,
      lastError: this.lastError,
    };
  }

  /** Resolves once nothing is queued or in flight; rejects after `timeoutMs`. For tests. */
  drain(timeoutMs: number): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: DrainWaiter = { resolve, reject };
      waiter.timer = setTimeout(() => {
        this.drainWaiters.delete(waiter);
        reject(new Error(`replication to ${this.displayUrl} not drained within ${timeoutMs} ms (queued ${this.queue.size}, in flight ${this.inFlight})`));
      }, timeoutMs);
      waiter.timer.unref();
      this.drainWaiters.add(waiter);
    });
  }

  /** Stops the timers, aborts the calls in flight and drops the queue. Idempotent. */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearWake();
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.client.abortAll();
    this.queue.clear();
    this.inFlight = 0;
    this.settleDrains();
  }

  // ---- scheduling ---------------------------------------------------------------------------

  private concurrencyLimit(): number {
    return this.consecutiveFailures > 0 ? 1 : this.options.maxThreadsForPeerReplication;
  }

  /** Cuts and sends every batch that is due, as far as the concurrency limit allows. */
  private pump(): void {
    if (!this.closed && this.pauseTimer === undefined) {
      const { batchSize } = this.options;
      while (this.inFlight < this.concurrencyLimit() && this.queue.size > 0) {
        const now = this.clock.now();
        if (!this.batchDue(now)) break;
        const { batch, expired } = this.queue.take(batchSize, now);
        this.counters.expired += expired;
        if (batch.length > 0) this.dispatch(batch);
      }
      this.scheduleWake();
    }
    this.settleDrains();
  }

  /**
   * A batch is due when `batchSize` tasks wait or the oldest has waited `batchingDelayMs`. A
   * negative age (the clock went back) also counts as due, so a clock step cannot stall sending.
   */
  private batchDue(now: number): boolean {
    if (this.queue.size >= this.options.batchSize) return true;
    const age = now - (this.queue.oldestQueuedAt() as number);
    return age >= this.options.batchingDelayMs || age < 0;
  }

  /** Arms the single wake-up timer for when the next batch is due (O(1)). */
  private scheduleWake(): void {
    if (this.closed || this.pauseTimer !== undefined || this.queue.size === 0 || this.inFlight >= this.concurrencyLimit()) return;
    const now = this.clock.now();
    const delay = this.batchDue(now) ? 0 : this.options.batchingDelayMs - (now - (this.queue.oldestQueuedAt() as number));
    const at = Date.now() + delay;
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    this.clearWake();
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.pump();
    }, delay);
    this.wakeTimer.unref();
  }

  private clearWake(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
  }

  private pause(reason: PauseReason): void {
    this.consecutiveFailures++;
    this.pauseEpoch++;
    this.backoffMs = pauseAfterFailure(reason, this.consecutiveFailures);
    this.clearWake();
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = undefined;
      this.pump();
    }, this.backoffMs);
    this.pauseTimer.unref();
  }

  private dispatch(batch: ReplicationTask[]): void {
    this.inFlight++;
    const epoch = this.pauseEpoch;
    this.client.send(batch.map((task) => task.item)).then(
      (outcome) => this.onOutcome(batch, outcome, epoch),
      (error: unknown) => this.onOutcome(batch, { kind: 'rejected', error: scrubCredentials(String(error)) }, epoch),
    );
  }

  // ---- outcomes -----------------------------------------------------------------------------

  private onOutcome(batch: ReplicationTask[], outcome: PeerBatchOutcome, epoch: number): void {
    if (this.closed) return;
    this.inFlight--;
    const now = this.clock.now();
    switch (outcome.kind) {
      case 'success':
        this.onDelivered(batch, outcome.responses, now);
        break;
      case 'congestion':
        this.onTransient(batch, 'congestion', outcome.error, epoch, now);
        break;
      case 'network':
        this.onTransient(batch, 'network', outcome.error, epoch, now);
        break;
      case 'aborted': // the client aborts only on shutdown (returned above); anything else: retry
        this.onTransient(batch, 'network', 'request aborted', epoch, now);
        break;
      case 'rejected':
        this.onRejected(batch, outcome.error, now);
        break;
    }
    this.pump();
  }

  private onDelivered(batch: ReplicationTask[], responses: ReplicationInstanceResponse[], now: number): void {
    this.counters.sentBatches++;
    this.counters.sentItems += batch.length;
    this.reachable = true;
    this.lastSuccessAt = now;
    this.consecutiveFailures = 0;
    this.backoffMs = 0;
    this.log.batchOutcome('ok');
    for (const task of batch) this.queue.release(task);

    let failed = 0;
    const samples: string[] = [];
    batch.forEach((task, i) => {
      const response = responses[i];
      const status = response?.statusCode;
      if (status !== undefined && status >= 200 && status <= 299) return;
      const { action, appName, id } = task.item;
      if (action === 'Heartbeat' && status === 404) {
        this.callHandler('onHeartbeatNotFound', () => this.handlers.onHeartbeatNotFound(this, appName, id));
        return;
      }
      if (action === 'Heartbeat' && response?.responseEntity !== undefined) {
        const peerCopy = response.responseEntity;
        this.callHandler('onHeartbeatConflict', () => this.handlers.onHeartbeatConflict(this, appName, id, peerCopy));
        return;
      }
      failed++;
      if (samples.length < 3) samples.push(`${task.id} -> ${status ?? 'no answer'}`);
    });
    if (failed > 0) {
      this.counters.failed += failed;
      this.log.itemFailures(failed, samples);
    }
  }

  private onTransient(batch: ReplicationTask[], reason: PauseReason, error: string, epoch: number, now: number): void {
    this.counters.retried++;
    this.noteFailure(error, now);
    const requeue = this.queue.requeue(batch, now);
    this.counters.expired += requeue.expired;
    this.counters.dropped += requeue.dropped;
    this.noteQueueSize();
    this.log.batchOutcome(reason === 'congestion' ? 'congested' : 'unreachable', error);
    // Calls sent before the current pause began fail for the same reason: count the outage once.
    if (epoch === this.pauseEpoch) this.pause(reason);
  }

  private onRejected(batch: ReplicationTask[], error: string, now: number): void {
    this.counters.failed += batch.length;
    this.noteFailure(error, now);
    for (const task of batch) this.queue.release(task);
    // The peer answers: no back-off, full concurrency (the reference drops and carries on).
    this.consecutiveFailures = 0;
    this.backoffMs = 0;
    this.log.batchOutcome('rejecting', error);
  }

  private noteFailure(error: string, now: number): void {
    this.reachable = false;
    this.lastFailureAt = now;
    this.lastError = error;
  }

  private noteQueueSize(): void {
    if (this.queue.size > this.counters.highWaterMark) this.counters.highWaterMark = this.queue.size;
  }

  private callHandler(name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.handlerError(name, error);
    }
  }

  private idle(): boolean {
    return this.queue.size === 0 && this.inFlight === 0;
  }

  private settleDrains(): void {
    if (this.drainWaiters.size === 0 || !this.idle()) return;
    for (const waiter of this.drainWaiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.drainWaiters.clear();
  }
}
