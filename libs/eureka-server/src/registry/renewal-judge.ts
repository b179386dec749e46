import { EurekaServerOptions } from '../config/eureka-server.options';
import { SlottedLease } from './lease-expiry.table';
import { LeaseMix } from './lease-mix';
import { MAX_RENEW_WINDOW_SECONDS, RenewRateMeter } from './renew-rate.meter';
import { SelfPreservation } from './self-preservation';

/** Evictions of one run, waiting to lower E and R (`settleEvictions`). */
interface PendingEvictions {
  at: number;
  clients: number;
  renewsPerMinute: number;
}

/**
 * Whether the registry still hears from its clients (spec §10), for any lease length:
 * - expected: each client counts with the renewals per minute it declared (`SelfPreservation`);
 * - measured: renewals over the last `windowSeconds()`, the shortest lease duration held (at most
 *   a minute), scaled to a minute. A silenced lease cannot expire before a whole window has passed
 *   without it (a renewed lease expires two durations after its last renewal, spec §7.2), so the
 *   drop shows before the first victim could be evicted;
 * - evictions lower E and R only once confirmed: one window after the run, with lease expiration
 *   still enabled (the victims were gone, the others still renew). While renewals are below the
 *   threshold, the evictions wait: the leases a partition silences must not lower the threshold
 *   that protects them. The reference lowers E at each eviction (`internalCancel`), which lets
 *   successive runs empty a partitioned registry 15% at a time.
 */
export class RenewalJudge {
  readonly meter = new RenewRateMeter();
  readonly selfPreservation: SelfPreservation;
  private readonly mix: LeaseMix;
  private pending: PendingEvictions[] = [];

  constructor(options: EurekaServerOptions) {
    this.selfPreservation = new SelfPreservation(options, options.expectedNumberOfClientsSendingRenews);
    this.mix = new LeaseMix(this.selfPreservation.defaultIntervalSecs);
  }

  // ---- lease events ----------------------------------------------------------------------------

  renewed(now: number): void {
    this.meter.record(now);
  }

  leaseAdded(lease: SlottedLease): void {
    lease.renewalIntervalSecs = this.mix.intervalOf(lease.holder);
    this.mix.add(lease.renewalIntervalSecs, lease.durationMs / 1000);
    this.selfPreservation.onRegistered(60 / lease.renewalIntervalSecs);
  }

  leaseReplaced(previous: SlottedLease, lease: SlottedLease): void {
    this.mix.remove(previous.renewalIntervalSecs, previous.durationMs / 1000);
    lease.renewalIntervalSecs = this.mix.intervalOf(lease.holder);
    this.mix.add(lease.renewalIntervalSecs, lease.durationMs / 1000);
    this.selfPreservation.onRenewalRateChanged(60 / previous.renewalIntervalSecs, 60 / lease.renewalIntervalSecs);
  }

  leaseCancelled(lease: SlottedLease): void {
    this.mix.remove(lease.renewalIntervalSecs, lease.durationMs / 1000);
    this.selfPreservation.onRemoved(1, 60 / lease.renewalIntervalSecs);
  }

  leasesEvicted(victims: readonly SlottedLease[], now: number): void {
    let renews = 0;
    for (let i = 0; i < victims.length; i++) {
      const victim = victims[i];
      this.mix.remove(victim.renewalIntervalSecs, victim.durationMs / 1000);
      renews += 60 / victim.renewalIntervalSecs;
    }
    if (victims.length > 0) this.pending.push({ at: now, clients: victims.length, renewsPerMinute: renews });
  }

  /**
   * Lowers E and R by the evictions of runs at least one window old, while lease expiration is
   * enabled; while it is not, they keep waiting. Called before each eviction run.
   */
  settleEvictions(now: number): void {
    if (this.pending.length === 0 || !this.isLeaseExpirationEnabled(now)) return;
    const windowMs = this.windowSeconds() * 1000;
    while (this.pending.length > 0 && now - this.pending[0].at >= windowMs) {
      const run = this.pending.shift()!;
      this.selfPreservation.onRemoved(run.clients, run.renewsPerMinute);
    }
  }

  // ---- whole-registry updates ------------------------------------------------------------------

  /** Start-up: E = `count` clients, at the renewal rates the registry's leases declared. */
  openForTraffic(count: number): void {
    this.pending = [];
    this.selfPreservation.setExpectedClients(count, count * this.mix.meanRenewsPerMinute());
  }

  /** The periodic update with the registry's size; an adopted size already leaves out the evicted. */
  thresholdUpdate(leaseCount: number): void {
    if (this.selfPreservation.onThresholdUpdate(leaseCount, leaseCount > 0 ? this.mix.renewsPerMinute() : 0)) this.pending = [];
  }

  // ---- judgement -------------------------------------------------------------------------------

  /** The window renewals are judged over: the shortest lease held, whole seconds, 1 to 60. */
  windowSeconds(): number {
    const shortest = this.mix.shortestDurationSecs;
    if (!Number.isFinite(shortest)) return MAX_RENEW_WINDOW_SECONDS;
    return Math.min(Math.max(Math.floor(shortest), 1), MAX_RENEW_WINDOW_SECONDS);
  }

  /**
   * Renewals per minute: the lower of the figures over `windowSeconds()` and over the whole minute.
   * The short window sees a silence before short leases can expire; when it is shorter than some
   * clients' interval, their renewals fall in it or not by phase, and the minute, which they all
   * reach, keeps that swing from passing for health.
   */
  renewsPerMinute(now: number): number {
    const window = this.windowSeconds();
    const short = (this.meter.countOver(now, window) * 60) / window;
    return window >= MAX_RENEW_WINDOW_SECONDS ? short : Math.min(short, this.meter.lastMinute(now));
  }

  /** Judged once open (`openedAt` > 0) for `waitMs` and one whole window. */
  isJudged(now: number, openedAt: number, waitMs: number): boolean {
    return openedAt > 0 && now > openedAt + Math.max(waitMs, this.windowSeconds() * 1000);
  }

  isLeaseExpirationEnabled(now: number): boolean {
    return this.selfPreservation.isLeaseExpirationEnabled(this.renewsPerMinute(now));
  }

  isBelowThreshold(now: number): boolean {
    return this.renewsPerMinute(now) <= this.selfPreservation.numberOfRenewsPerMinThreshold;
  }
}
