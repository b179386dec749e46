import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppHealth } from './app-health.service';
import { AvailabilityIndicator } from './availability.indicator';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [AppHealth, AvailabilityIndicator],
})
export class HealthModule {}
