import { applyDecorators, SetMetadata } from '@nestjs/common';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { ENABLE_DISCOVERY_METADATA } from '../eureka-client.constants';

/**
 * Turns on registration with Eureka (heartbeats, unregistration on shutdown) for this
 * application, Spring's `@EnableDiscoveryClient`. Put it on the application module (or on any
 * provider or controller class). Its options are merged over `EurekaClientModule.forRoot(...)`
 * options, so `@EnableDiscovery({ appName: 'orders' })` may carry the instance's own settings.
 *
 * Exactly one set of options may be declared: two classes carrying it with different options
 * make the application fail at start, naming both.
 */
export function EnableDiscovery(options: EurekaClientModuleOptions = {}): ClassDecorator {
  return applyDecorators(SetMetadata(ENABLE_DISCOVERY_METADATA, Object.freeze({ ...options })));
}
