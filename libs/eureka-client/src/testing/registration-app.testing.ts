import { INestApplication, Module, Provider, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { DiscoveryClient } from '../discovery/discovery-client';
import { RegistryFetcher } from '../discovery/registry-fetcher';
import { EUREKA_CLIENT_MODULE_OPTIONS } from '../eureka-client.constants';
import { EurekaTransport } from '../transport/eureka-transport';
import { REGISTRATION_PROVIDERS } from '../registration.providers';
import { STATUS_UPDATE_RATE_LIMIT } from '../registration/token-bucket.rate-limiter';
import { FakeEurekaTransport } from './fake-eureka.transport.testing';

const silent = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };

export interface RegistrationAppOptions {
  /** Module options (appName defaults to `orders`). */
  options?: EurekaClientModuleOptions;
  /** Classes added to the application module's providers (e.g. one carrying @EnableDiscovery). */
  providers?: Provider[];
  /** Controllers of the application module. */
  controllers?: Type<unknown>[];
  /** Decorators applied to the application module class (e.g. `EnableDiscovery()`). */
  moduleDecorators?: ClassDecorator[];
  rateLimit?: { burst: number; perMinute: number };
  /** Stand-ins for the discovery side (only the health indicator reads them). */
  fetcher?: Partial<RegistryFetcher>;
  discovery?: Partial<DiscoveryClient>;
  /** Do not create an HTTP application: use `moduleRef` as a plain application context. */
  context?: boolean;
}

export interface RegistrationApp {
  app: INestApplication;
  /** The compiled module, usable as a plain application context (no HTTP server) instead of `app`. */
  moduleRef: TestingModule;
  transport: FakeEurekaTransport;
  /** Name of the generated application module class. */
  moduleClass: Type<unknown>;
}

/**
 * A real Nest application (express) with this folder's providers, the fake transport and
 * stand-ins for the discovery side; created, not yet listening.
 */
export async function createRegistrationApp(spec: RegistrationAppOptions = {}): Promise<RegistrationApp> {
  const transport = new FakeEurekaTransport();
  const extra: Provider[] = [
    { provide: EUREKA_CLIENT_MODULE_OPTIONS, useValue: { appName: 'orders', fetchRegistry: false, ...spec.options } },
    { provide: EurekaTransport, useValue: transport },
    { provide: RegistryFetcher, useValue: spec.fetcher ?? { lastSuccessfulFetchAt: undefined } },
    { provide: DiscoveryClient, useValue: spec.discovery ?? { getApplications: () => [] } },
  ];
  if (spec.rateLimit) extra.push({ provide: STATUS_UPDATE_RATE_LIMIT, useValue: spec.rateLimit });

  class TestAppModule {}
  Module({
    imports: [DiscoveryModule, ScheduleModule.forRoot()],
    providers: [...REGISTRATION_PROVIDERS, ...extra, ...(spec.providers ?? [])],
    controllers: spec.controllers ?? [],
  })(TestAppModule);
  for (const decorate of spec.moduleDecorators ?? []) decorate(TestAppModule);

  const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).setLogger(silent).compile();
  if (spec.context) return { app: undefined as never, moduleRef, transport, moduleClass: TestAppModule };
  const app = moduleRef.createNestApplication({ logger: false });
  return { app, moduleRef, transport, moduleClass: TestAppModule };
}
