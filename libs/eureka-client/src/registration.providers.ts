import { Provider } from '@nestjs/common';
import { CLIENT_OPTIONS_PROVIDER } from './enable-discovery/client-options.provider';
import { DiscoveryActivation } from './enable-discovery/discovery-activation.service';
import { EnableDiscoveryExplorer } from './enable-discovery/enable-discovery.explorer';
import { EurekaHealthIndicator } from './health/eureka-health.indicator';
import { HealthPropagation } from './registration/health-propagation.service';
import { EurekaRegistration } from './registration/eureka-registration';
import { InstanceInfoFactory } from './registration/instance-info.factory';

/**
 * Providers of registration, `@EnableDiscovery` and health. They need, from the module:
 * `EUREKA_CLIENT_MODULE_OPTIONS` (raw options), `EurekaTransport`, and the imports
 * `DiscoveryModule` (`DiscoveryService`) and `ScheduleModule.forRoot()` (`SchedulerRegistry`);
 * `EurekaHealthIndicator` also needs the discovery side's `RegistryFetcher` and `DiscoveryClient`.
 */
export const REGISTRATION_PROVIDERS: Provider[] = [
  EnableDiscoveryExplorer,
  CLIENT_OPTIONS_PROVIDER,
  DiscoveryActivation,
  InstanceInfoFactory,
  HealthPropagation,
  EurekaRegistration,
  EurekaHealthIndicator,
];
