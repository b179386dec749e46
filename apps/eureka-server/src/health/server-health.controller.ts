import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ServerHealthIndicators } from './server-health.indicators';

/**
 * `GET /health`: Terminus health of the registry server. 503 while it does not serve registry reads;
 * `degraded` (200) while self-preservation holds back evictions or renewals are under the threshold.
 */
@Controller('health')
export class ServerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ServerHealthIndicators,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    const i = this.indicators;
    return this.health.check([
      () => i.warmup('warmup'),
      () => i.selfPreservation('selfPreservation'),
      () => i.renews('renews'),
      () => i.peers('peers'),
    ]);
  }
}
