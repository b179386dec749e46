import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EnableDiscovery, EurekaClientModule } from '@nest-eureka/client';
import { APP_NAME, ServiceSettings, serviceConfig } from './config/service.config';
import { GreetingController } from './greeting/greeting.controller';
import { HealthModule } from './health/health.module';

/**
 * The provider of the sample: registers as `greeting-service`, answers `GET /greeting`, and lets
 * Terminus decide whether the registry lists it UP or DOWN.
 */
@EnableDiscovery()
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [serviceConfig] }),
    EurekaClientModule.forRootAsync({
      inject: [serviceConfig.KEY],
      useFactory: (settings: ServiceSettings) => ({
        ...settings.eureka,
        appName: APP_NAME,
        healthcheckEnabled: true,
        healthCheckUrlPath: '/health',
        statusPageUrlPath: '/info',
      }),
    }),
    HealthModule,
  ],
  controllers: [GreetingController],
})
export class AppModule {}
