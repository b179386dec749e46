import { Provider } from '@nestjs/common';
import { EurekaHttpService } from './http/eureka-http.service';
import { EUREKA_TRANSPORT_PROVIDER } from './transport/eureka-transport.provider';
import { ApplicationsChangedExplorer } from './discovery/applications-changed.explorer';
import { ApplicationsChangedNotifier } from './discovery/applications-changed.notifier';
import { DiscoveryClient } from './discovery/discovery-client';
import { RegistryCache } from './discovery/registry-cache';
import { RegistryFetcher } from './discovery/registry-fetcher';

/**
 * Providers of the transport, discovery and by-name HTTP parts. The module importing them must
 * import `DiscoveryModule` (@nestjs/core) and `ScheduleModule.forRoot()`, and provide
 * `EUREKA_CLIENT_OPTIONS`.
 */
export const DISCOVERY_PROVIDERS: Provider[] = [
  EUREKA_TRANSPORT_PROVIDER,
  RegistryCache,
  ApplicationsChangedNotifier,
  ApplicationsChangedExplorer,
  RegistryFetcher,
  DiscoveryClient,
  EurekaHttpService,
];
