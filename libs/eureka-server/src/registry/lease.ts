import { InstanceInfo } from '@nest-eureka/protocol';

/**
 * A registration and its liveness, with the reference's timing (spec §7.2), including its
 * double-duration quirk: `renew()` stores `now + duration` and `isExpired` adds the duration again,
 * so a lease that renewed at least once expires about 2 x duration after its last renewal, and
 * `leaseInfo.lastRenewalTimestamp` shows a time in the future. Clients and dashboards observe
 * this, so it is kept on purpose.
 */
export class Lease {
  lastUpdateTimestamp: number;
  evictionTimestamp = 0;
  serviceUpTimestamp = 0;
  readonly registrationTimestamp: number;

  constructor(
    public holder: InstanceInfo,
    readonly durationMs: number,
    now: number,
  ) {
    this.registrationTimestamp = now;
    this.lastUpdateTimestamp = now;
  }

  renew(now: number): void {
    this.lastUpdateTimestamp = now + this.durationMs;
  }

  cancel(now: number): void {
    if (this.evictionTimestamp <= 0) this.evictionTimestamp = now;
  }

  serviceUp(now: number): void {
    if (this.serviceUpTimestamp === 0) this.serviceUpTimestamp = now;
  }

  isExpired(now: number, additionalLeaseMs = 0): boolean {
    return this.evictionTimestamp > 0 || now > this.lastUpdateTimestamp + this.durationMs + additionalLeaseMs;
  }
}
