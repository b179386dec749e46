import { ConfigurableModuleBuilder } from '@nestjs/common';
import { EurekaServerModuleOptions } from './config/eureka-server.options';
import { EUREKA_SERVER_MODULE_OPTIONS } from './eureka-server.constants';

export const {
  ConfigurableModuleClass: EurekaServerConfigurableModule,
  OPTIONS_TYPE: EUREKA_SERVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: EUREKA_SERVER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<EurekaServerModuleOptions>({ optionsInjectionToken: EUREKA_SERVER_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .build();
