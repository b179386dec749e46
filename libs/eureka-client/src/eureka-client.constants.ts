/** Injection tokens of the client module, namespaced. */
export const EUREKA_CLIENT_MODULE_OPTIONS = 'EUREKA_CLIENT:MODULE_OPTIONS';
/** Options merged from the module and `@EnableDiscovery`, with defaults, checked. */
export const EUREKA_CLIENT_OPTIONS = 'EUREKA_CLIENT:OPTIONS';
/** Metadata key of `@EnableDiscovery`. */
export const ENABLE_DISCOVERY_METADATA = 'EUREKA_CLIENT:ENABLE_DISCOVERY';
/** Metadata key of `@OnApplicationsChanged`. */
export const ON_APPLICATIONS_CHANGED_METADATA = 'EUREKA_CLIENT:ON_APPLICATIONS_CHANGED';

export const EUREKA_CLIENT_TIMERS = {
  heartbeat: 'eureka-client:heartbeat',
  registryFetch: 'eureka-client:registry-fetch',
  statusReplication: 'eureka-client:status-replication',
} as const;
