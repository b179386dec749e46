import { Logger } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code, evaluated as CommonJS in the worker thread (no file of its own, so it runs the
 * same from the built package and from the sources under test). It loads bcryptjs from the path the
 * main thread resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', (job) => {
  let ok = false;
  try { ok = bcrypt.compareSync(job.candidate, job.hash); } catch { ok = false; }
  parentPort.postMessage({ id: job.id, ok });
});
`;

interface Job {
  id: number;
  candidate: string;
  hash: string;
  resolve(ok: boolean): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/**
 * bcrypt comparisons in worker threads. A check takes tens of milliseconds of CPU (cost 10: ~70 ms);
 * on the main thread a flood of wrong passwords took an authenticated client's heartbeat from
 * 3 ms to 945 ms at p50. Here the main thread only posts the job: heartbeats keep their latency.
 * One worker per core beyond the first (at least one); jobs queue in order. Workers are unref'd
 * and started on the first check, so a server that never sees a bcrypt password starts none.
 */
export class BcryptWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly logger = new Logger('EurekaServerAuth');

  constructor(private readonly size = Math.max(1, availableParallelism() - 1)) {}

  compare(candidate: string, hash: string): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('the bcrypt worker pool is closed'));
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, candidate, hash, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs waiting for a worker (not counting the ones being checked). */
  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed = () => new Error('the bcrypt worker pool is closed');
    for (const job of this.queue.splice(0)) job.reject(closed());
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.job?.reject(closed());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.job === undefined) ?? this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, candidate: job.candidate, hash: job.hash });
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath: require.resolve('bcryptjs') } });
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (answer: { id: number; ok: boolean }) => {
      const job = slot.job;
      if (!job || job.id !== answer.id) return;
      slot.job = undefined;
      job.resolve(answer.ok === true);
      this.dispatch();
    });
    // A worker that dies fails its job with an error (no verdict: never an acceptance, nor a wrong
    // password remembered against the client), is logged, and is replaced.
    const retire = (error?: Error) => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      const reason = error ?? new Error('the bcrypt worker exited');
      if (!this.closed) this.logger.error(`bcrypt worker failed: ${reason.message}`);
      slot.job?.reject(reason);
      slot.job = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error: Error) => retire(error));
    worker.on('exit', () => retire());
    worker.unref(); // after the listeners: an idle pool never keeps the process alive
    this.slots.push(slot);
    return slot;
  }
}

let shared: BcryptWorkerPool | undefined;

/** The process's pool, shared by every server module instance (created on first use). */
export function sharedBcryptPool(): BcryptWorkerPool {
  return (shared ??= new BcryptWorkerPool());
}
