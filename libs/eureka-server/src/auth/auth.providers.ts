import { Provider, SetMetadata, Type, UseGuards } from '@nestjs/common';
import { EurekaServerModuleOptions } from '../config/eureka-server.options';
import { EUREKA_SERVER_AUTH, EUREKA_SERVER_MODULE_OPTIONS } from '../eureka-server.constants';
import { EurekaAuthGuard } from './eureka-auth.guard';
import { ResolvedAuth, resolveAuthOptions } from './resolve-auth-options';
import { EUREKA_ROUTE_GROUP, RouteGroup } from './route-groups';

const EUREKA_SERVER_ROUTE_PROTECTION = 'EUREKA_SERVER:ROUTE_PROTECTION';

export const serverAuthProvider: Provider = {
  provide: EUREKA_SERVER_AUTH,
  useFactory: (raw: EurekaServerModuleOptions) => resolveAuthOptions(raw.auth),
  inject: [EUREKA_SERVER_MODULE_OPTIONS],
};

/**
 * Puts the authentication guard on this module instance's controllers when `auth` is on. The
 * controllers are classes of their own per module instance (see `createServerControllers`), so
 * the guard never reaches another application in the same process, and a server without `auth`
 * has no guard at all: nothing runs per request. Providers are built before Nest registers the
 * routes, which is when it reads the guards; forRootAsync options are known by then too.
 */
export function routeProtectionProvider(controllers: ReadonlyArray<{ controller: Type<unknown>; group: RouteGroup }>): Provider {
  return {
    provide: EUREKA_SERVER_ROUTE_PROTECTION,
    useFactory: (auth: ResolvedAuth | null) => {
      for (const { controller, group } of controllers) SetMetadata(EUREKA_ROUTE_GROUP, group)(controller);
      if (!auth) return null;
      const guard = new EurekaAuthGuard(auth);
      for (const { controller } of controllers) UseGuards(guard)(controller);
      return guard;
    },
    inject: [EUREKA_SERVER_AUTH],
  };
}
