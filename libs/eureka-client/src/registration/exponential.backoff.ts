/**
 * Delay of a periodic task that backs off on failure (the reference `TimedSupervisorTask`):
 * the base delay after a success; doubled after each failure, capped at `base x bound`.
 */
export class ExponentialBackoff {
  private current: number;
  private readonly maxMs: number;

  constructor(
    private readonly baseMs: number,
    bound: number,
  ) {
    this.current = baseMs;
    this.maxMs = Math.max(baseMs, baseMs * bound);
  }

  /** The delay before the next run. */
  get delayMs(): number {
    return this.current;
  }

  /** After a success: back to the base delay. */
  succeeded(): number {
    this.current = this.baseMs;
    return this.current;
  }

  /** After a failure: twice the previous delay, at most `base x bound`. */
  failed(): number {
    this.current = Math.min(this.current * 2, this.maxMs);
    return this.current;
  }
}
