import { ConfigurableModuleBuilder } from '@nestjs/common';
import { EurekaClientModuleOptions } from './config/eureka-client.options';
import { EUREKA_CLIENT_MODULE_OPTIONS } from './eureka-client.constants';

export const {
  ConfigurableModuleClass: EurekaClientConfigurableModule,
  OPTIONS_TYPE: EUREKA_CLIENT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: EUREKA_CLIENT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<EurekaClientModuleOptions>({ optionsInjectionToken: EUREKA_CLIENT_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
