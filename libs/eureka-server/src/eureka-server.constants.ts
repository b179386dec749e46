/** Injection tokens of the server module, namespaced. */
export const EUREKA_SERVER_MODULE_OPTIONS = 'EUREKA_SERVER:MODULE_OPTIONS';
export const EUREKA_SERVER_OPTIONS = 'EUREKA_SERVER:OPTIONS';
/** The resolved `auth` option (`ResolvedAuth`), or null when authentication is off. */
export const EUREKA_SERVER_AUTH = 'EUREKA_SERVER:AUTH';

/** Names of the timers the server registers with `SchedulerRegistry`. */
export const EUREKA_SERVER_TIMERS = {
  eviction: 'eureka-server:eviction',
  deltaRetention: 'eureka-server:delta-retention',
  cacheRefresh: 'eureka-server:response-cache-refresh',
  cacheRefreshAlign: 'eureka-server:response-cache-refresh-align',
  cacheExpiry: 'eureka-server:response-cache-expiry',
  renewalThreshold: 'eureka-server:renewal-threshold',
  peerRefresh: 'eureka-server:peer-refresh',
} as const;

/** Path prefixes every API route is served under (Spring layout: `/eureka` and `/eureka/v2` are the same). */
export const EUREKA_API_PATHS = ['eureka', 'eureka/v2'];
