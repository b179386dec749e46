import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DiscoveryClient, EurekaClientModule, EurekaClientModuleOptions, EurekaHttpService, RegistryFetcher } from '@nest-eureka/client';

export interface DiscoveryApp {
  app: INestApplication;
  client: DiscoveryClient;
  fetcher: RegistryFetcher;
  http: EurekaHttpService;
  close(): Promise<void>;
}

/**
 * Test support: a Nest application that imports `EurekaClientModule` the way a user's does, with
 * registration off (discovery only). `app.init()` has run, so the initial fetch is done. The fetch
 * timer is left at a long interval unless given.
 */
export async function startDiscoveryApp(options: EurekaClientModuleOptions): Promise<DiscoveryApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      EurekaClientModule.forRoot({ appName: 'discovery-test', registerWithEureka: false, registryFetchIntervalSeconds: 600, ...options }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return {
    app,
    client: app.get(DiscoveryClient),
    fetcher: app.get(RegistryFetcher),
    http: app.get(EurekaHttpService),
    close: () => app.close(),
  };
}
