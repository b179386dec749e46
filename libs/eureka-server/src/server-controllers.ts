import { Controller, Type } from '@nestjs/common';
import { RouteGroup } from './auth/route-groups';
import { createDashboardController } from './dashboard/dashboard.controller';
import { EUREKA_API_PATHS } from './eureka-server.constants';
import { ApplicationsController } from './http/applications.controller';
import { InstanceController } from './http/instance.controller';
import { InstancesController } from './http/instances.controller';
import { ServerStatusController } from './http/server-status.controller';
import { PeerReplicationController } from './replication/peer-replication.controller';

export interface ServerController {
  controller: Type<unknown>;
  group: RouteGroup;
}

/** A subclass of `base` for one module instance: same routes and injections, metadata of its own. */
function ownClass<T>(base: Type<T>): Type<T> {
  const own = class extends (base as Type<object>) {} as Type<T>;
  Object.defineProperty(own, 'name', { value: base.name });
  Controller(EUREKA_API_PATHS)(own);
  return own;
}

/**
 * The server's controllers, as classes of their own for one module instance, each with its
 * route group: per-instance settings (the dashboard path, the authentication guard) are set on
 * these classes and so never leak into another application of the same process.
 */
export function createServerControllers(): ServerController[] {
  return [
    { controller: ownClass(ApplicationsController), group: 'api' },
    { controller: ownClass(InstanceController), group: 'api' },
    { controller: ownClass(InstancesController), group: 'api' },
    { controller: ownClass(ServerStatusController), group: 'api' },
    { controller: ownClass(PeerReplicationController), group: 'replication' },
    { controller: createDashboardController(), group: 'dashboard' },
  ];
}
