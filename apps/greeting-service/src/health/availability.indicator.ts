import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/**
 * A Terminus indicator an operator can switch DOWN and UP (`POST /admin/health/down|up`), standing
 * in for a real dependency check (database ping, disk space, ...).
 */
@Injectable()
export class AvailabilityIndicator {
  private down?: { reason: string; since: string };

  constructor(private readonly indicators: HealthIndicatorService) {}

  get isDown(): boolean {
    return this.down !== undefined;
  }

  setDown(reason: string): void {
    this.down = { reason, since: new Date().toISOString() };
  }

  setUp(): void {
    this.down = undefined;
  }

  isHealthy<const Key extends string>(key: Key) {
    const check = this.indicators.check(key);
    return this.down ? check.down(this.down) : check.up();
  }
}
