import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { EnableDiscovery, EurekaClientModule } from '@nest-eureka/client';
import { APP_NAME, ServiceSettings, serviceConfig } from './config/service.config';
import { GreetController } from './greeting/greet.controller';
import { GreetingClient } from './greeting/greeting.client';
import { HealthController } from './health/health.controller';
import { backgroundCallsConfig } from './traffic/background-calls.config';
import { BackgroundCalls } from './traffic/background-calls.service';

/**
 * The consumer of the sample: registers as `greeting-consumer` and calls greeting-service by name
 * (`GET /greet`); `GET /greet/instances` shows which instances calls can go to.
 */
@EnableDiscovery()
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [serviceConfig, backgroundCallsConfig] }),
    EurekaClientModule.forRootAsync({
      inject: [serviceConfig.KEY],
      useFactory: (settings: ServiceSettings) => ({
        ...settings.eureka,
        appName: APP_NAME,
        healthCheckUrlPath: '/health',
        statusPageUrlPath: '/info',
      }),
    }),
    TerminusModule,
  ],
  controllers: [GreetController, HealthController],
  providers: [GreetingClient, BackgroundCalls],
})
export class AppModule {}
