import { INestApplication, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { EurekaClientModuleOptions, EurekaClientOptions } from '../config/eureka-client.options';
import { resolveClientOptions } from '../config/resolve-client-options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { EurekaHttpService } from '../http/eureka-http.service';
import { EurekaTransport } from '../transport/eureka-transport';
import { HttpEurekaTransport } from '../transport/http-eureka.transport';
import { DiscoveryClient } from '../discovery/discovery-client';
import { DISCOVERY_PROVIDERS } from '../discovery.providers';
import { RegistryFetcher } from '../discovery/registry-fetcher';

export interface DiscoveryApp {
  app: INestApplication;
  options: EurekaClientOptions;
  client: DiscoveryClient;
  fetcher: RegistryFetcher;
  transport: HttpEurekaTransport;
  http: EurekaHttpService;
  close(): Promise<void>;
}

/**
 * Test support: a Nest application with only the discovery side (transport, fetcher,
 * DiscoveryClient, EurekaHttpService), wired the way the client module wires it. `app.init()`
 * has run, so the initial fetch is done. The fetch timer is left at a long interval unless given.
 */
export async function startDiscoveryApp(options: EurekaClientModuleOptions, extraProviders: Provider[] = []): Promise<DiscoveryApp> {
  const resolved = resolveClientOptions({ appName: 'discovery-test', registerWithEureka: false, registryFetchIntervalSeconds: 600, ...options });
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule, ScheduleModule.forRoot()],
    providers: [{ provide: EUREKA_CLIENT_OPTIONS, useValue: resolved }, ...DISCOVERY_PROVIDERS, ...extraProviders],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return {
    app,
    options: resolved,
    client: app.get(DiscoveryClient),
    fetcher: app.get(RegistryFetcher),
    transport: app.get(EurekaTransport) as HttpEurekaTransport,
    http: app.get(EurekaHttpService),
    close: () => app.close(),
  };
}
