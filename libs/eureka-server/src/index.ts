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
export { RENEW_RATE_WINDOW_MS } from './registry/renew-rate.meter';
export type { RenewOutcome } from './registry/instance-registry';
export type {
  RegistryChange,
  RegistryChangeBatch,
  RegistryChangeKind,
  RegistryChangeListener,
  RegistryChangeSubscriber,
} from './registry/registry-events';
export type { Lease } from './registry/lease';
export type { RecentLease, RecentLeasesLog } from './registry/recent-leases.log';
export type { RecentlyChangedQueue } from './registry/recently-changed.queue';
export type { RenewRateMeter } from './registry/renew-rate.meter';
export type { RenewalJudge } from './registry/renewal-judge';
export type { SlottedLease } from './registry/lease-expiry.table';
export type { SelfPreservation, SelfPreservationOptions } from './registry/self-preservation';
export type { ServerOptionKind } from './config/resolve-server-options';
export { ResponseCache } from './cache/response-cache';
export type { CachedPayload, PayloadGenerator } from './cache/response-cache';
export type { AcceptForm, CacheEntity, CacheKey, HotKeys, WireFormat } from './cache/cache-key';
export { PeerReplication } from './replication/peer-replication.service';
export type { ReplicationStats } from './replication/peer-replication.service';
export type { StartupSyncResult } from './replication/startup-sync';
export type { PeerEurekaNode, PeerNodeHandlers, PeerNodeStats } from './replication/peer/peer-eureka.node';
export type { PeerNodeOptions } from './replication/peer/peer-node.options';
export { DASHBOARD_ACTION_METADATA } from './dashboard/dashboard.controller';
export { nodeServerLimits } from './limits/node-server-limits';
export { eurekaFastifyRouterOptions } from './web/fastify-router-options';
export type { EurekaAuthToken, EurekaAuthUser, EurekaRole, EurekaServerAuthOptions } from './config/auth.options';
export { EUREKA_ROLES } from './config/auth.options';
export { hashPassword } from './auth/password-check';
export { tokenDigest } from './auth/credential-digest';
export { resolveAuthOptions } from './auth/resolve-auth-options';
export type { Principal, ResolvedAuth, ResolvedToken, ResolvedUser } from './auth/resolve-auth-options';
export type { PasswordCheck } from './auth/password-check';
// Wire types that appear in this package's signatures.
export { ActionType, DataCenterName, InstanceStatus } from '@nest-eureka/protocol';
export type {
  Application,
  Applications,
  DataCenterInfo,
  InstanceInfo,
  LeaseInfo,
  PortInfo,
  ReplicationAction,
  ReplicationInstance,
} from '@nest-eureka/protocol';
