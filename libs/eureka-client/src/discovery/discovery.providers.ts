import { Provider } from '@nestjs/common';
import { EurekaHttpService } from '../http/eureka-http.service';
import { EUREKA_TRANSPORT_PROVIDER } from '../transport/eureka-transport.provider';
import { ApplicationsChangedExplorer } from './applications-changed.explorer';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { DiscoveryClient } from './discovery-client';
import { RegistryCache } from './registry-cache';
import { RegistryFetcher } from './registry-fetcher';

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
