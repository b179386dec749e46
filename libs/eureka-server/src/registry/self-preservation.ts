import { EurekaServerOptions } from '../config/eureka-server.options';

export type SelfPreservationOptions = Pick<
  EurekaServerOptions,
  'enableSelfPreservation' | 'renewalPercentThreshold' | 'expectedClientRenewalIntervalSeconds'
>;

/**
 * Self-preservation arithmetic (spec §10). E = expected number of clients sending renews,
 * T = renews-per-minute threshold = floor(E x (60 / interval) x percent). Lease expiration is
 * enabled only when renews in the last minute are strictly above T (or the feature is off).
 */
export class SelfPreservation {
  private expectedClients: number;
  private threshold = 0;

  constructor(
    private readonly options: SelfPreservationOptions,
    initialExpectedClients: number,
  ) {
    this.expectedClients = initialExpectedClients;
    this.recompute();
  }

  get expectedNumberOfClientsSendingRenews(): number {
    return this.expectedClients;
  }

  get numberOfRenewsPerMinThreshold(): number {
    return this.threshold;
  }

  get enabled(): boolean {
    return this.options.enableSelfPreservation;
  }

  setExpectedClients(count: number): void {
    this.expectedClients = count;
    this.recompute();
  }

  /** A new registration (no previous lease). The reference only counts once E > 0. */
  onRegistered(): void {
    if (this.expectedClients > 0) this.setExpectedClients(this.expectedClients + 1);
  }

  /**
   * `count` successful cancels or evictions: E goes down by one per removal while it is above 0
   * (the reference's guard), and T follows, as if each removal had been counted on its own.
   */
  onRemoved(count = 1): void {
    if (this.expectedClients > 0 && count > 0) this.setExpectedClients(Math.max(this.expectedClients - count, 0));
  }

  /** The periodic update: adopt `count` when it is above percent x E, or always when self-preservation is off. */
  onThresholdUpdate(count: number): void {
    if (count > this.options.renewalPercentThreshold * this.expectedClients || !this.options.enableSelfPreservation) {
      this.setExpectedClients(count);
    }
  }

  isLeaseExpirationEnabled(renewsLastMinute: number): boolean {
    if (!this.options.enableSelfPreservation) return true;
    return this.threshold > 0 && renewsLastMinute > this.threshold;
  }

  private recompute(): void {
    const interval =
      this.options.expectedClientRenewalIntervalSeconds > 0 ? this.options.expectedClientRenewalIntervalSeconds : 30;
    this.threshold = Math.floor(this.expectedClients * (60 / interval) * this.options.renewalPercentThreshold);
  }
}
