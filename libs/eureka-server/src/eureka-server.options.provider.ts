import { Inject, Provider } from '@nestjs/common';
import { EurekaServerModuleOptions } from './config/eureka-server.options';
import { resolveServerOptions } from './config/resolve-server-options';
import { EUREKA_SERVER_MODULE_OPTIONS, EUREKA_SERVER_OPTIONS } from './eureka-server.constants';

/** The options with defaults merged and checked once, at start: a bad value stops start-up naming the option. */
export const serverOptionsProvider: Provider = {
  provide: EUREKA_SERVER_OPTIONS,
  useFactory: (raw: EurekaServerModuleOptions) => resolveServerOptions(raw),
  inject: [EUREKA_SERVER_MODULE_OPTIONS],
};

export const InjectServerOptions = (): ParameterDecorator => Inject(EUREKA_SERVER_OPTIONS);
