import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ResponseCache } from './cache/response-cache';
import { createPayloadGenerator } from './cache/payload-generator';
import { Clock, SystemClock } from './clock/clock';
import { EurekaServerOptions } from './config/eureka-server.options';
import { EUREKA_SERVER_OPTIONS } from './eureka-server.constants';
import {
  EUREKA_SERVER_ASYNC_OPTIONS_TYPE,
  EUREKA_SERVER_OPTIONS_TYPE,
  EurekaServerConfigurableModule,
} from './eureka-server.module-definition';
import { serverOptionsProvider } from './eureka-server.options.provider';
import { CachedReadResponder } from './http/cached-read.responder';
import { HttpAdapterCompatibility } from './web/http-adapter-compatibility';
import { RegistrationHandler } from './http/registration.handler';
import { InstanceRegistry } from './registry/instance-registry';
import { ServerJobs } from './jobs/server-jobs';
import { PeerReplication } from './replication/peer-replication.service';
import { routeProtectionProvider, serverAuthProvider } from './auth/auth.providers';
import { createServerControllers } from './server-controllers';

/**
 * A Eureka registry server inside a Nest application: the REST API under `/eureka` and
 * `/eureka/v2`, the registry, its response cache, its timers, peer replication and the
 * dashboard (at `/` unless `dashboardPath` / `dashboardEnabled` say otherwise).
 *
 * ```ts
 * @Module({ imports: [EurekaServerModule.forRoot({ enableSelfPreservation: false })] })
 * ```
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    serverOptionsProvider,
    serverAuthProvider,
    { provide: Clock, useClass: SystemClock },
    {
      provide: InstanceRegistry,
      useFactory: (options: EurekaServerOptions, clock: Clock) => new InstanceRegistry(options, clock),
      inject: [EUREKA_SERVER_OPTIONS, Clock],
    },
    {
      provide: ResponseCache,
      useFactory: (options: EurekaServerOptions, clock: Clock, registry: InstanceRegistry) => {
        const cache = new ResponseCache(options, clock, createPayloadGenerator(registry));
        registry.onChange(cache); // a subscriber: takes an eviction pass as one batch
        return cache;
      },
      inject: [EUREKA_SERVER_OPTIONS, Clock, InstanceRegistry],
    },
    CachedReadResponder,
    RegistrationHandler,
    ServerJobs,
    HttpAdapterCompatibility,
    PeerReplication,
  ],
  exports: [InstanceRegistry, ResponseCache, PeerReplication, EUREKA_SERVER_OPTIONS],
})
export class EurekaServerModule extends EurekaServerConfigurableModule {
  static override forRoot(options: typeof EUREKA_SERVER_OPTIONS_TYPE): DynamicModule {
    return withControllers(super.forRoot(options));
  }

  static override forRootAsync(options: typeof EUREKA_SERVER_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withControllers(super.forRootAsync(options));
  }
}

/**
 * Adds the controllers, as classes of this module instance (`createServerControllers`): the
 * dashboard's path and the authentication guard come from this instance's options.
 */
function withControllers(module: DynamicModule): DynamicModule {
  const controllers = createServerControllers();
  return {
    ...module,
    controllers: [...(module.controllers ?? []), ...controllers.map((c) => c.controller)],
    providers: [...(module.providers ?? []), routeProtectionProvider(controllers)],
  };
}
