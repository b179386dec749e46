import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { DISCOVERY_PROVIDERS } from './discovery.providers';
import { DiscoveryClient } from './discovery/discovery-client';
import { RegistryFetcher } from './discovery/registry-fetcher';
import { EUREKA_CLIENT_OPTIONS } from './eureka-client.constants';
import { EurekaClientConfigurableModule } from './eureka-client.module-definition';
import { EurekaHealthIndicator } from './health/eureka-health.indicator';
import { EurekaHttpService } from './http/eureka-http.service';
import { EurekaRegistration } from './registration/eureka-registration';
import { REGISTRATION_PROVIDERS } from './registration.providers';

/**
 * A Nest application's membership of a Eureka registry: registration and heartbeats (with
 * `@EnableDiscovery`), the fetched registry (`DiscoveryClient`), calls by application name
 * (`EurekaHttpService`, needs `axios`) and a health indicator in Terminus's result shape
 * (`EurekaHealthIndicator`, no dependency on Terminus). Global by default.
 *
 * ```ts
 * @EnableDiscovery()
 * @Module({ imports: [EurekaClientModule.forRoot({ appName: 'orders', serviceUrl: 'http://localhost:8761/eureka/' })] })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [DiscoveryModule, ScheduleModule.forRoot()],
  providers: [...REGISTRATION_PROVIDERS, ...DISCOVERY_PROVIDERS],
  exports: [DiscoveryClient, RegistryFetcher, EurekaRegistration, EurekaHttpService, EurekaHealthIndicator, EUREKA_CLIENT_OPTIONS],
})
export class EurekaClientModule extends EurekaClientConfigurableModule {}
