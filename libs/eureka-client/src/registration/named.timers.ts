import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * One-shot timers kept in `SchedulerRegistry` under fixed names: a timer is in the registry
 * exactly while it is pending (removed when it fires or is cleared), so an empty registry
 * means nothing of ours will run.
 */
export class NamedTimers {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly logger: Logger,
  ) {}

  /** (Re)arms `name`: any pending timer of that name is replaced. Errors of `run` are logged. */
  set(name: string, delayMs: number, run: () => unknown): void {
    this.clear(name);
    if (this.registry.doesExist('timeout', name)) this.registry.deleteTimeout(name);
    const ref = setTimeout(() => {
      this.release(name, ref);
      Promise.resolve()
        .then(run)
        .catch((error: unknown) => this.logger.error(`timer ${name} failed: ${String(error)}`));
    }, Math.max(0, delayMs));
    this.pending.set(name, ref);
    this.registry.addTimeout(name, ref);
  }

  isSet(name: string): boolean {
    return this.pending.has(name);
  }

  clear(name: string): void {
    const ref = this.pending.get(name);
    if (ref === undefined) return;
    clearTimeout(ref);
    this.release(name, ref);
  }

  clearAll(): void {
    for (const name of [...this.pending.keys()]) this.clear(name);
  }

  private release(name: string, ref: NodeJS.Timeout): void {
    if (this.pending.get(name) === ref) this.pending.delete(name);
    // The registry may have been emptied already (ScheduleModule clears it on shutdown).
    if (this.registry.doesExist('timeout', name) && this.registry.getTimeout(name) === ref) this.registry.deleteTimeout(name);
  }
}
