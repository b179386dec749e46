import { FactoryProvider } from '@nestjs/common';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { EurekaTransport } from './eureka-transport';
import { HttpEurekaTransport } from './http-eureka.transport';
import { resolveInstanceZone } from './instance-zone.resolver';

/** Provides `EurekaTransport` as an `HttpEurekaTransport` built from the resolved options. */
export const EUREKA_TRANSPORT_PROVIDER: FactoryProvider<EurekaTransport> = {
  provide: EurekaTransport,
  useFactory: (options: EurekaClientOptions) => new HttpEurekaTransport(options, resolveInstanceZone(options)),
  inject: [EUREKA_CLIENT_OPTIONS],
};
