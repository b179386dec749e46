import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { HealthCheck } from '@nestjs/terminus';
import { EurekaRegistration } from '@nest-eureka/client';
import { APP_NAME } from '../config/service.config';
import { AppHealth } from './app-health.service';
import { AvailabilityIndicator } from './availability.indicator';

@Controller()
export class HealthController {
  constructor(
    private readonly health: AppHealth,
    private readonly availability: AvailabilityIndicator,
    private readonly registration: EurekaRegistration,
  ) {}

  /** Terminus health: 200 when every check is up, 503 otherwise. The registry links here. */
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check();
  }

  /** The instance's status page in the registry. */
  @Get('info')
  info() {
    return { app: APP_NAME, instanceId: this.registration.instanceId ?? null, status: this.registration.status };
  }

  /** Turns the availability check DOWN: Eureka lists this instance DOWN after the next heartbeat. */
  @Post('admin/health/down')
  @HttpCode(200)
  markDown(@Body() body?: { reason?: unknown }) {
    this.availability.setDown(typeof body?.reason === 'string' ? body.reason : 'set DOWN through POST /admin/health/down');
    return this.answer();
  }

  /** Turns the availability check UP again. */
  @Post('admin/health/up')
  @HttpCode(200)
  markUp() {
    this.availability.setUp();
    return this.answer();
  }

  private answer() {
    return {
      availability: this.availability.isDown ? 'down' : 'up',
      registryStatus: this.registration.status,
      note: 'the registry follows at the next heartbeat',
    };
  }
}
