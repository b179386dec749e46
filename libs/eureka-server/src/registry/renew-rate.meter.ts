/** The meter keeps one count per second for the last minute and the running second. */
const SLOTS = 61;

/** The longest window the meter can sum over: a minute, as the reference measures. */
export const MAX_RENEW_WINDOW_SECONDS = SLOTS - 1;

/** The same, in milliseconds. */
export const RENEW_RATE_WINDOW_MS = MAX_RENEW_WINDOW_SECONDS * 1000;

/**
 * Renewals counted per second of the registry's clock, over a sliding minute. The reference
 * (`MeasuredRate`) counts fixed 60 s buckets, so its "last minute" can describe a time up to two
 * minutes old; with short leases, instances silenced by a partition expire before such a figure
 * notices. Here any window of whole seconds up to a minute can be judged, ending at the running
 * second. The clock drives it (no timer): a count in a second that has passed is never lost to a
 * late timer on a busy machine.
 */
export class RenewRateMeter {
  private readonly counts = new Float64Array(SLOTS);
  /** The running second (`floor(now / 1000)`), or -1 before the first use. */
  private second = -1;
  private counted = 0;

  /** One renewal at `now` (the hot path: no allocation). */
  record(now: number): void {
    const second = Math.floor(now / 1000);
    if (second !== this.second) this.advanceTo(second);
    this.counts[slotOf(this.second)]++;
    this.counted++;
  }

  /** Renewals in the `seconds` whole seconds before the running one (at most a minute). */
  countOver(now: number, seconds: number): number {
    const second = Math.floor(now / 1000);
    if (second !== this.second) this.advanceTo(second);
    const span = Math.min(Math.max(Math.floor(seconds), 1), MAX_RENEW_WINDOW_SECONDS);
    let sum = 0;
    for (let k = 1; k <= span; k++) sum += this.counts[slotOf(this.second - k)];
    return sum;
  }

  /** Renewals in the last 60 whole seconds. */
  lastMinute(now: number): number {
    return this.countOver(now, MAX_RENEW_WINDOW_SECONDS);
  }

  /** Every renewal recorded since the meter was made. */
  get total(): number {
    return this.counted;
  }

  /** A clock stepped back (or too far on) starts afresh: seconds it re-lives are not counted twice. */
  private advanceTo(second: number): void {
    if (this.second < 0 || second < this.second || second - this.second >= SLOTS) {
      this.counts.fill(0);
    } else {
      for (let s = this.second + 1; s <= second; s++) this.counts[slotOf(s)] = 0;
    }
    this.second = second;
  }
}

function slotOf(second: number): number {
  return ((second % SLOTS) + SLOTS) % SLOTS;
}
