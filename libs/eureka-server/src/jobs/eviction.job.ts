import { Clock } from '../clock/clock';
import { InstanceRegistry } from '../registry/instance-registry';

/**
 * One eviction run (spec §11). A run that starts later than its interval (GC pause, clock jump,
 * busy event loop) adds the lateness to every lease's grace, so late timers do not evict leases
 * that would have renewed in time.
 */
export class EvictionJob {
  private previousRunStart = 0;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  compensationMs(now: number): number {
    if (this.previousRunStart === 0) return 0;
    return Math.max(0, now - this.previousRunStart - this.intervalMs);
  }

  run(): number {
    const now = this.clock.now();
    const compensation = this.compensationMs(now);
    this.previousRunStart = now;
    return this.registry.evict(compensation, this.random);
  }
}
