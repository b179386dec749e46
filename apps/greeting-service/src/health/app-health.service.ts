import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { skip } from 'rxjs';
import { EurekaHealthIndicator, EurekaRegistration } from '@nest-eureka/client';
import { AvailabilityIndicator } from './availability.indicator';

/**
 * This service's health. Its own checks decide whether Eureka lists the instance UP or DOWN
 * (`healthcheckEnabled`: evaluated once per heartbeat); `/health` reports them together with the
 * Eureka client's indicator. That indicator stays out of what is propagated: an instance that cannot
 * reach the registry cannot tell it anything either (Spring leaves it out for the same reason).
 */
@Injectable()
export class AppHealth implements OnModuleInit {
  private readonly logger = new Logger('AppHealth');

  constructor(
    private readonly health: HealthCheckService,
    private readonly registration: EurekaRegistration,
    private readonly eureka: EurekaHealthIndicator,
    private readonly availability: AvailabilityIndicator,
  ) {}

  onModuleInit(): void {
    this.registration.setHealthCheck(() => this.ownChecksUp());
    this.registration.status$.pipe(skip(1)).subscribe((status) => this.logger.log(`instance status is now ${status}`));
  }

  /** Everything `/health` reports; Terminus answers 503 when a check is down. */
  check() {
    return this.health.check([...this.ownChecks(), () => this.eureka.isHealthy('eureka')]);
  }

  private ownChecks(): Array<() => HealthIndicatorResult | Promise<HealthIndicatorResult>> {
    return [() => this.availability.isHealthy('availability')];
  }

  /** True when every own check is up (a check that throws counts as DOWN). */
  private async ownChecksUp(): Promise<boolean> {
    const results = await Promise.all(this.ownChecks().map((indicator) => indicator()));
    return results.every((result) => Object.values(result).every((detail) => detail.status === 'up'));
  }
}
