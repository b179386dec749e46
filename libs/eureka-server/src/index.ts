export { EurekaServerModule } from './eureka-server.module';
export { EUREKA_SERVER_ASYNC_OPTIONS_TYPE, EUREKA_SERVER_OPTIONS_TYPE } from './eureka-server.module-definition';
export { EUREKA_API_PATHS, EUREKA_SERVER_OPTIONS } from './eureka-server.constants';
export { InjectServerOptions } from './eureka-server.options.provider';
export { DEFAULT_SERVER_OPTIONS } from './config/eureka-server.options';
export type { EurekaServerModuleOptions, EurekaServerOptions } from './config/eureka-server.options';
export {
  SERVER_OPTION_KINDS,
  describeOptionKind,
  isValidOptionValue,
  optionConstraintProblem,
  resolveServerOptions,
} from './config/resolve-server-options';
export { Clock, ManualClock, SystemClock } from './clock/clock';
export { InstanceRegistry } from './registry/instance-registry';
export type { RenewOutcome } from './registry/instance-registry';
export type { RegistryChange, RegistryChangeKind, RegistryChangeListener } from './registry/registry-events';
export { ResponseCache } from './cache/response-cache';
export { PeerReplication } from './replication/peer-replication.service';
export type { ReplicationStats } from './replication/peer-replication.service';
export type { PeerNodeStats } from './replication/peer/peer-eureka.node';
export { DASHBOARD_ACTION_METADATA } from './dashboard/dashboard.controller';
export { nodeServerLimits } from './limits/node-server-limits';
export type { EurekaAuthToken, EurekaAuthUser, EurekaRole, EurekaServerAuthOptions } from './auth/auth.options';
export { EUREKA_ROLES } from './auth/auth.options';
export { hashPassword } from './auth/password-check';
export { tokenDigest } from './auth/credential-digest';
export { resolveAuthOptions } from './auth/resolve-auth-options';
// Wire types that appear in this package's signatures.
export { InstanceStatus } from '@nest-eureka/protocol';
export type { Application, Applications, DataCenterInfo, InstanceInfo, LeaseInfo, PortInfo } from '@nest-eureka/protocol';
