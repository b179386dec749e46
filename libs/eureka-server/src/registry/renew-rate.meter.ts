/**
 * Renewals per minute as the reference measures them (`MeasuredRate`): a running counter and the
 * count of the last completed bucket. `rotate()` runs every 60 s from the moment the server opens;
 * the value is 0 during the first minute.
 */
/** The meter's bucket: renewals are counted per minute. */
export const RENEW_RATE_WINDOW_MS = 60_000;

export class RenewRateMeter {
  private current = 0;
  private last = 0;

  increment(): void {
    this.current++;
  }

  rotate(): void {
    this.last = this.current;
    this.current = 0;
  }

  /** Renewals counted in the last completed minute. */
  get lastMinute(): number {
    return this.last;
  }

  /** Renewals counted so far in the running minute. */
  get runningMinute(): number {
    return this.current;
  }
}
