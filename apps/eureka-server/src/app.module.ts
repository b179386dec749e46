import { DynamicModule, Module } from '@nestjs/common';
import { EurekaServerModule, EurekaServerModuleOptions } from '@nest-eureka/server';
import { ServerHealthModule } from './health/server-health.module';

/** The standalone registry: the server module with options from the environment, and `/health`. */
@Module({})
export class EurekaServerAppModule {
  static withOptions(options: EurekaServerModuleOptions): DynamicModule {
    const server = EurekaServerModule.forRoot(options);
    return { module: EurekaServerAppModule, imports: [server, ServerHealthModule.forServer(server)] };
  }
}
