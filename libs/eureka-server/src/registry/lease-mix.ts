import { InstanceInfo } from '@nest-eureka/protocol';

/**
 * The registry's leases counted by the timings their instances declared: lease duration (the
 * shortest sets how quickly renewals must be judged) and renewal interval (the renewals per
 * minute the registry should expect). Counted per distinct value, so sums stay exact.
 */
export class LeaseMix {
  private readonly byDuration = new Map<number, number>();
  private readonly byInterval = new Map<number, number>();
  private shortest = Infinity;
  private leases = 0;

  /** `defaultIntervalSecs`: assumed for an instance that declares no renewal interval. */
  constructor(private readonly defaultIntervalSecs: number) {}

  /**
   * The renewal interval an instance declared, whole seconds, at least 1 (the option's when it
   * declares none). Taken once, when its lease is added, and kept with the lease for its removal.
   */
  intervalOf(info: InstanceInfo): number {
    const declared = info.leaseInfo?.renewalIntervalInSecs;
    return declared !== undefined && declared > 0 ? Math.max(Math.round(declared), 1) : this.defaultIntervalSecs;
  }

  add(intervalSecs: number, durationSecs: number): void {
    bump(this.byDuration, durationSecs, 1);
    bump(this.byInterval, intervalSecs, 1);
    if (durationSecs < this.shortest) this.shortest = durationSecs;
    this.leases++;
  }

  remove(intervalSecs: number, durationSecs: number): void {
    bump(this.byDuration, durationSecs, -1);
    bump(this.byInterval, intervalSecs, -1);
    if (durationSecs === this.shortest && !this.byDuration.has(durationSecs)) {
      this.shortest = Infinity;
      for (const secs of this.byDuration.keys()) if (secs < this.shortest) this.shortest = secs;
    }
    this.leases--;
  }

  /** The shortest lease duration held, in seconds (Infinity when empty). */
  get shortestDurationSecs(): number {
    return this.shortest;
  }

  /** Renewals per minute the held leases declared, all together. */
  renewsPerMinute(): number {
    let sum = 0;
    for (const [interval, count] of this.byInterval) sum += (count * 60) / interval;
    return sum;
  }

  /** The mean of `renewsPerMinuteOf` over the held leases (the default interval's when empty). */
  meanRenewsPerMinute(): number {
    return this.leases > 0 ? this.renewsPerMinute() / this.leases : 60 / this.defaultIntervalSecs;
  }
}

function bump(map: Map<number, number>, key: number, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}
