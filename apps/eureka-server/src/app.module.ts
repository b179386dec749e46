import { DynamicModule, Module } from '@nestjs/common';
import { EurekaServerModule, EurekaServerModuleOptions } from '../../../libs/eureka-server/src';

/** The standalone registry: the server module with options from the environment. */
@Module({})
export class EurekaServerAppModule {
  static withOptions(options: EurekaServerModuleOptions): DynamicModule {
    return { module: EurekaServerAppModule, imports: [EurekaServerModule.forRoot(options)] };
  }
}
