import { EurekaServerOptions } from '../config/eureka-server.options';

export type SelfPreservationOptions = Pick<
  EurekaServerOptions,
  'enableSelfPreservation' | 'renewalPercentThreshold' | 'expectedClientRenewalIntervalSeconds'
>;

/**
 * Self-preservation arithmetic (spec §10). E = expected number of clients sending renews;
 * R = the renewals per minute they are expected to send; T = renews-per-minute threshold =
 * floor(R x percent). Lease expiration is enabled only when the judged renewals per minute are
 * strictly above T (or the feature is off).
 *
 * The reference takes R = E x (60 / `expectedClientRenewalIntervalSeconds`), one interval for every
 * client. Here each client counts with the renewal interval it declared (`leaseInfo`), and that
 * option is the interval of those that declare none; with 30 s everywhere (the defaults of both)
 * T is the reference's to the unit. Clients with 5 s heartbeats send 6 times as many renewals, and
 * the reference's T, sized for 30 s, let a partition silence most of them without noticing.
 */
export class SelfPreservation {
  private expectedClients = 0;
  private expectedRenews = 0;
  private threshold = 0;

  constructor(
    private readonly options: SelfPreservationOptions,
    initialExpectedClients: number,
  ) {
    this.setExpectedClients(initialExpectedClients);
  }

  get expectedNumberOfClientsSendingRenews(): number {
    return this.expectedClients;
  }

  /** R: the renewals per minute the expected clients declared. */
  get expectedRenewsPerMinute(): number {
    return this.expectedRenews;
  }

  get numberOfRenewsPerMinThreshold(): number {
    return this.threshold;
  }

  get enabled(): boolean {
    return this.options.enableSelfPreservation;
  }

  /** The renewal interval of a client that declares none: the option's, 30 s when unset. */
  get defaultIntervalSecs(): number {
    const interval = this.options.expectedClientRenewalIntervalSeconds;
    return interval > 0 ? interval : 30;
  }

  /** Renewals per minute of a client that declares no interval. */
  get defaultRenewsPerClient(): number {
    return 60 / this.defaultIntervalSecs;
  }

  /** Sets E, and R (by default E clients at the option's interval). */
  setExpectedClients(count: number, renewsPerMinute = count * this.defaultRenewsPerClient): void {
    this.expectedClients = count;
    this.expectedRenews = count > 0 ? renewsPerMinute : 0;
    this.recompute();
  }

  /** A new registration (no previous lease). The reference only counts once E > 0. */
  onRegistered(renewsPerMinute = this.defaultRenewsPerClient): void {
    if (this.expectedClients > 0) this.setExpectedClients(this.expectedClients + 1, this.expectedRenews + renewsPerMinute);
  }

  /** A re-registration that declared another renewal interval than the lease it replaces. */
  onRenewalRateChanged(previous: number, next: number): void {
    if (this.expectedClients > 0 && previous !== next) {
      this.setExpectedClients(this.expectedClients, Math.max(this.expectedRenews - previous + next, 0));
    }
  }

  /**
   * `count` clients gone (a cancel, or evictions once confirmed: `RenewalJudge.settleEvictions`):
   * E goes down by `count` while it is above 0 (the reference's guard), R by their renewals.
   */
  onRemoved(count = 1, renewsPerMinute = count * this.defaultRenewsPerClient): void {
    if (this.expectedClients > 0 && count > 0) {
      this.setExpectedClients(Math.max(this.expectedClients - count, 0), Math.max(this.expectedRenews - renewsPerMinute, 0));
    }
  }

  /**
   * The periodic update: adopt the registry's `count` (and the renewals its leases declared) when
   * it is above percent x E, or always when self-preservation is off. True when adopted.
   */
  onThresholdUpdate(count: number, renewsPerMinute = count * this.defaultRenewsPerClient): boolean {
    if (count > this.options.renewalPercentThreshold * this.expectedClients || !this.options.enableSelfPreservation) {
      this.setExpectedClients(count, renewsPerMinute);
      return true;
    }
    return false;
  }

  isLeaseExpirationEnabled(renewsPerMinute: number): boolean {
    if (!this.options.enableSelfPreservation) return true;
    return this.threshold > 0 && renewsPerMinute > this.threshold;
  }

  private recompute(): void {
    // R is a running sum of 60 / interval: rounded to a millionth, so that float drift cannot
    // move floor() across a whole renewal.
    const renews = Math.round(this.expectedRenews * 1e6) / 1e6;
    this.threshold = Math.floor(renews * this.options.renewalPercentThreshold);
  }
}
