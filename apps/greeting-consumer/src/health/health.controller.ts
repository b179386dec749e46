import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { EurekaHealthIndicator, EurekaRegistration } from '@nest-eureka/client';
import { APP_NAME } from '../config/service.config';

/**
 * Terminus health. The consumer has no check of its own that should take it out of the registry
 * (greeting-service being away is not a reason to stop serving), so nothing is propagated to Eureka.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eureka: EurekaHealthIndicator,
    private readonly registration: EurekaRegistration,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.eureka.isHealthy('eureka')]);
  }

  @Get('info')
  info() {
    return { app: APP_NAME, instanceId: this.registration.instanceId ?? null, status: this.registration.status };
  }
}
