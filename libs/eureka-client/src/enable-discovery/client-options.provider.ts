import { FactoryProvider } from '@nestjs/common';
import { EurekaClientModuleOptions, EurekaClientOptions } from '../config/eureka-client.options';
import { resolveClientOptions } from '../config/resolve-client-options';
import { EUREKA_CLIENT_MODULE_OPTIONS, EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { EnableDiscoveryExplorer } from './enable-discovery.explorer';

/**
 * `EUREKA_CLIENT_OPTIONS`: the module options with the `@EnableDiscovery` options merged over
 * them, defaults filled in, every value checked (a bad value fails the application at start).
 */
export const CLIENT_OPTIONS_PROVIDER: FactoryProvider<EurekaClientOptions> = {
  provide: EUREKA_CLIENT_OPTIONS,
  useFactory: (raw: EurekaClientModuleOptions | undefined, explorer: EnableDiscoveryExplorer) =>
    resolveClientOptions(raw ?? {}, explorer.find()?.options ?? {}),
  inject: [EUREKA_CLIENT_MODULE_OPTIONS, EnableDiscoveryExplorer],
};
