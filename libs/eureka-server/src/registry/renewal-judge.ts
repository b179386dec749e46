import { EurekaServerOptions } from '../config/eureka-server.options';
import { Lease } from './lease';
import { LeaseMix } from './lease-mix';
import { MAX_RENEW_WINDOW_SECONDS, RenewRateMeter } from './renew-rate.meter';
import { SelfPreservation } from './self-preservation';

/**
 * Whether the registry still hears from its clients (spec §10), for any lease length:
 * - expected: each client counts with the renewals per minute it declared (`SelfPreservation`);
 * - measured: renewals over the last `windowSeconds()`, the shortest lease duration held (at most
 *   a minute), scaled to a minute. A silenced lease cannot expire before a whole window has passed
 *   without it (a renewed lease expires two durations after its last renewal, spec §7.2), so the
 *   drop shows before the first victim could be evicted;
 * - evictions leave E and R alone: the leases a partition silences must not lower the threshold
 *   that protects them. The reference lowers E on every eviction (`internalCancel`), which lets
 *   successive eviction runs empty a partitioned registry 15% at a time. The periodic threshold
 *   update (`renewalThresholdUpdateIntervalMs`) adopts the registry's size as before.
 */
export class RenewalJudge {
  readonly meter = new RenewRateMeter();
  readonly selfPreservation: SelfPreservation;
  private readonly mix: LeaseMix;

  constructor(options: EurekaServerOptions) {
    this.selfPreservation = new SelfPreservation(options, options.expectedNumberOfClientsSendingRenews);
    const interval = options.expectedClientRenewalIntervalSeconds;
    this.mix = new LeaseMix(interval > 0 ? interval : 30);
  }

  // ---- lease events ----------------------------------------------------------------------------

  renewed(now: number): void {
    this.meter.record(now);
  }

  leaseAdded(lease: Lease): void {
    this.mix.add(lease.holder, lease.durationMs / 1000);
    this.selfPreservation.onRegistered(this.mix.renewsPerMinuteOf(lease.holder));
  }

  leaseReplaced(previous: Lease, lease: Lease): void {
    this.mix.remove(previous.holder, previous.durationMs / 1000);
    this.mix.add(lease.holder, lease.durationMs / 1000);
    this.selfPreservation.onRenewalRateChanged(this.mix.renewsPerMinuteOf(previous.holder), this.mix.renewsPerMinuteOf(lease.holder));
  }

  leaseCancelled(lease: Lease): void {
    this.mix.remove(lease.holder, lease.durationMs / 1000);
    this.selfPreservation.onCancelled(this.mix.renewsPerMinuteOf(lease.holder));
  }

  leasesEvicted(victims: readonly Lease[]): void {
    for (let i = 0; i < victims.length; i++) this.mix.remove(victims[i].holder, victims[i].durationMs / 1000);
  }

  // ---- whole-registry updates ------------------------------------------------------------------

  /** Start-up: E = `count` clients, at the renewal rates the registry's leases declared. */
  openForTraffic(count: number): void {
    this.selfPreservation.setExpectedClients(count, count * this.mix.meanRenewsPerMinute());
  }

  /** The periodic update with the registry's size. */
  thresholdUpdate(leaseCount: number): void {
    this.selfPreservation.onThresholdUpdate(leaseCount, leaseCount > 0 ? this.mix.renewsPerMinute() : 0);
  }

  // ---- judgement -------------------------------------------------------------------------------

  /** The window renewals are judged over: the shortest lease held, whole seconds, 1 to 60. */
  windowSeconds(): number {
    const shortest = this.mix.shortestDurationSecs;
    if (!Number.isFinite(shortest)) return MAX_RENEW_WINDOW_SECONDS;
    return Math.min(Math.max(Math.floor(shortest), 1), MAX_RENEW_WINDOW_SECONDS);
  }

  /** Renewals per minute, measured over `windowSeconds()`. */
  renewsPerMinute(now: number): number {
    const window = this.windowSeconds();
    return (this.meter.countOver(now, window) * 60) / window;
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
