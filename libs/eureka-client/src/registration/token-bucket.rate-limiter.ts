/** Burst size and sustained rate of a token bucket. */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

/**
 * Rate of on-demand status/metadata updates: the reference `InstanceInfoReplicator` allows a
 * burst of 2 and `60 * 2 / 30` = 4 per minute. Override (tests) by providing
 * `STATUS_UPDATE_RATE_LIMIT`.
 */
export const DEFAULT_STATUS_UPDATE_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ burst: 2, perMinute: 4 });

/** Optional injection token: a `RateLimit` replacing `DEFAULT_STATUS_UPDATE_RATE_LIMIT`. */
export const STATUS_UPDATE_RATE_LIMIT = 'EUREKA_CLIENT:STATUS_UPDATE_RATE_LIMIT';

/**
 * Token bucket with continuous refill, starting full. Times in epoch ms, passed in for tests.
 * Tokens are counted in 1/60000ths so that whole-ms arithmetic stays exact.
 */
export class TokenBucket {
  private static readonly UNIT = 60_000;
  private units: number;
  private refilledAt: number;

  constructor(
    private readonly limit: RateLimit,
    now: number = Date.now(),
  ) {
    if (!(limit.burst >= 1) || !(limit.perMinute > 0)) {
      throw new Error(`rate limit needs burst >= 1 and perMinute > 0, got ${JSON.stringify(limit)}`);
    }
    this.units = limit.burst * TokenBucket.UNIT;
    this.refilledAt = now;
  }

  /** Takes a token if one is available. */
  tryAcquire(now: number = Date.now()): boolean {
    this.refill(now);
    if (this.units < TokenBucket.UNIT) return false;
    this.units -= TokenBucket.UNIT;
    return true;
  }

  /** Milliseconds until a token is available (0: now). */
  msUntilAvailable(now: number = Date.now()): number {
    this.refill(now);
    if (this.units >= TokenBucket.UNIT) return 0;
    return Math.ceil((TokenBucket.UNIT - this.units) / this.limit.perMinute);
  }

  private refill(now: number): void {
    // One ms adds `perMinute` units (a token is 60000 units).
    const elapsed = Math.max(0, now - this.refilledAt);
    this.units = Math.min(this.limit.burst * TokenBucket.UNIT, this.units + elapsed * this.limit.perMinute);
    this.refilledAt = Math.max(now, this.refilledAt);
  }
}
