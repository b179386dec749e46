import { Inject, Injectable } from '@nestjs/common';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { EnableDiscoveryExplorer } from './enable-discovery.explorer';

/**
 * Whether this application registers with Eureka: `@EnableDiscovery` is present somewhere and
 * `registerWithEureka` is true (the default). Fetching the registry does not depend on it.
 */
@Injectable()
export class DiscoveryActivation {
  /** True when the instance registers, heartbeats and unregisters on shutdown. */
  readonly registrationEnabled: boolean;
  /** Name of the class carrying `@EnableDiscovery`, if any. */
  readonly enabledBy: string | undefined;

  constructor(@Inject(EUREKA_CLIENT_OPTIONS) options: EurekaClientOptions, explorer: EnableDiscoveryExplorer) {
    const found = explorer.find();
    this.enabledBy = found ? found.target.name || '<anonymous class>' : undefined;
    this.registrationEnabled = found !== undefined && options.registerWithEureka;
  }
}
