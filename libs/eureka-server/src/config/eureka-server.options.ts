import type { EurekaServerAuthOptions } from './auth.options';

/**
 * Options of `EurekaServerModule`, named after Spring's `eureka.server.*` properties
 * (spec §14). Every field is optional for the caller; `resolveServerOptions` fills the defaults.
 */
export interface EurekaServerOptions {
  /** `eureka.server.enableSelfPreservation`. Default true. */
  enableSelfPreservation: boolean;
  /** `eureka.server.renewalPercentThreshold`. Default 0.85. */
  renewalPercentThreshold: number;
  /** `eureka.server.expectedClientRenewalIntervalSeconds`. Default 30. */
  expectedClientRenewalIntervalSeconds: number;
  /** `eureka.server.renewalThresholdUpdateIntervalMs`. Default 900000 (15 min). */
  renewalThresholdUpdateIntervalMs: number;
  /** `eureka.instance.registry.expectedNumberOfClientsSendingRenews` (Spring). Default 1. */
  expectedNumberOfClientsSendingRenews: number;
  /** `eureka.instance.registry.defaultOpenForTrafficCount` (Spring): E after an empty start-up. Default 1. */
  defaultOpenForTrafficCount: number;
  /** `eureka.server.evictionIntervalTimerInMs`. Default 60000. */
  evictionIntervalTimerInMs: number;
  /** `eureka.server.useReadOnlyResponseCache`. Default true. */
  useReadOnlyResponseCache: boolean;
  /** `eureka.server.responseCacheUpdateIntervalMs`. Default 30000. */
  responseCacheUpdateIntervalMs: number;
  /** `eureka.server.responseCacheAutoExpirationInSeconds`. Default 180. */
  responseCacheAutoExpirationInSeconds: number;
  /** `eureka.server.retentionTimeInMSInDeltaQueue`. Default 180000. */
  retentionTimeInMSInDeltaQueue: number;
  /** `eureka.server.deltaRetentionTimerIntervalInMs`. Default 30000. */
  deltaRetentionTimerIntervalInMs: number;
  /** `eureka.server.disableDelta`. Default false. */
  disableDelta: boolean;
  /** `eureka.server.syncWhenTimestampDiffers`. Default true. */
  syncWhenTimestampDiffers: boolean;
  /** `eureka.server.waitTimeInMsWhenSyncEmpty`. Default 300000. */
  waitTimeInMsWhenSyncEmpty: number;
  /** `eureka.environment` (shown by /status and the dashboard). Default `test`. */
  environment: string;
  /** `eureka.datacenter`. Default `default`. */
  datacenter: string;
  /** Largest accepted request body in bytes; larger ones get 413. Default 1 MiB. Not in the reference. */
  maxRequestBodyBytes: number;
  /** Most metadata entries a registration may carry; more -> 400 naming the limit. Default 4096 (clients send tens; the reference has no limit, and a 1 MiB body holds at most some tens of thousands). Not in the reference. */
  maxMetadataEntries: number;
  /**
   * Longest accepted value, in characters, of instanceId, hostName, app, appGroupName, ipAddr,
   * vipAddress, secureVipAddress, the URLs, asgName and metadata keys and values on registration;
   * longer -> 400 naming the field. Default 4096. Not in the reference.
   */
  maxFieldLength: number;
  /**
   * Largest request head (request line + headers) in bytes; larger -> 431 from Node's HTTP server.
   * Applied by the standalone server (`maxHeaderSize` of the Node server); embedders set Node's
   * `maxHeaderSize` on their own HTTP server. Default 16384 (Node's default). Not in the reference.
   */
  maxHeaderSize: number;
  /**
   * Longest time, ms, a client may take to send a whole request (Node's `requestTimeout`; the
   * headers must arrive within the same bound, `headersTimeout`); slower -> 408 and the connection is
   * closed. Applied by the standalone server; embedders set it on their own HTTP server. Default 30000.
   */
  requestTimeoutMs: number;
  /**
   * `eureka.server.rateLimiterEnabled`: answer registry fetches over the rate limits (full fetch,
   * delta, one application) with an empty 503. Default false: the limits are not evaluated at all.
   */
  rateLimiterEnabled: boolean;
  /**
   * Evaluate the fetch rate limits but serve every request, logging the clients that would have
   * got 503 (the reference's filter with `rateLimiterEnabled` false). Wins over `rateLimiterEnabled`.
   * Default false. Not a Spring property.
   */
  rateLimiterLogOnly: boolean;
  /**
   * `eureka.server.rateLimiterThrottleStandardClients`: limit the standard clients
   * (`DiscoveryIdentity-Name` `DefaultClient` / `DefaultServer`) and `rateLimiterPrivilegedClients`
   * too. Default false.
   */
  rateLimiterThrottleStandardClients: boolean;
  /**
   * `eureka.server.rateLimiterPrivilegedClients`: further `DiscoveryIdentity-Name` values never
   * limited, comma-separated (exact, case-sensitive). Default none.
   */
  rateLimiterPrivilegedClients: string;
  /** `eureka.server.rateLimiterBurstSize`: token bucket size of both fetch limits; 0 = unlimited. Default 10. */
  rateLimiterBurstSize: number;
  /** `eureka.server.rateLimiterRegistryFetchAverageRate`: full, delta and application fetches per second; 0 = unlimited. Default 500. */
  rateLimiterRegistryFetchAverageRate: number;
  /** `eureka.server.rateLimiterFullFetchAverageRate`: full fetches per second; 0 = unlimited. Default 100. */
  rateLimiterFullFetchAverageRate: number;
  /** `eureka.dashboard.enabled` (Spring): serve the HTML dashboard. Default true. */
  dashboardEnabled: boolean;
  /**
   * `eureka.dashboard.path` (Spring): where the dashboard is served. Default `/`. A leading slash
   * is added and a trailing one dropped; letters, digits and `-._~/` only.
   */
  dashboardPath: string;

  // ---- peer replication (spec §12) ------------------------------------------------------------
  /**
   * Peer servers, comma-separated service URLs (`http://user:pass@peer:8761/eureka/`), as Spring's
   * `eureka.client.serviceUrl.defaultZone` of the server. This server's own URL is recognised and
   * skipped. Default none (standalone).
   */
  peerEurekaNodeUrls: string;
  /** `eureka.server.myUrl`: this server's own service URL, for self-detection. Default none. */
  myUrl: string;
  /** `eureka.server.peerEurekaNodesUpdateIntervalMs`: how often the peer list is re-resolved. Default 600000. */
  peerEurekaNodesUpdateIntervalMs: number;
  /** `eureka.server.maxElementsInPeerReplicationPool`: queue bound per peer; overflow drops the oldest. Default 10000. */
  maxElementsInPeerReplicationPool: number;
  /** `eureka.server.maxThreadsForPeerReplication`: concurrent batch requests per peer. Default 20. */
  maxThreadsForPeerReplication: number;
  /** `eureka.server.maxTimeForReplication`: expiry of cancel/status tasks, ms. Default 30000. */
  maxTimeForReplication: number;
  /** `eureka.server.peerNodeConnectTimeoutMs`. Default 1000. */
  peerNodeConnectTimeoutMs: number;
  /** `eureka.server.peerNodeReadTimeoutMs`. Default 5000. */
  peerNodeReadTimeoutMs: number;
  /** `eureka.server.registrySyncRetries` (Netflix `numberRegistrySyncRetries`): start-up sync attempts. Default 5. */
  registrySyncRetries: number;
  /** `eureka.server.registrySyncRetryWaitMs`: wait between start-up sync attempts. Default 30000. */
  registrySyncRetryWaitMs: number;
  /** `eureka.server.enableReplicatedRequestCompression`: gzip batch bodies. Default false. */
  enableReplicatedRequestCompression: boolean;
}

/**
 * What `EurekaServerModule.forRoot` takes: any of the options above, plus `auth` (authentication,
 * off unless given; see `EurekaServerAuthOptions`).
 */
export type EurekaServerModuleOptions = Partial<EurekaServerOptions> & { auth?: EurekaServerAuthOptions };

export const DEFAULT_SERVER_OPTIONS: Readonly<EurekaServerOptions> = Object.freeze({
  enableSelfPreservation: true,
  renewalPercentThreshold: 0.85,
  expectedClientRenewalIntervalSeconds: 30,
  renewalThresholdUpdateIntervalMs: 900_000,
  expectedNumberOfClientsSendingRenews: 1,
  defaultOpenForTrafficCount: 1,
  evictionIntervalTimerInMs: 60_000,
  useReadOnlyResponseCache: true,
  responseCacheUpdateIntervalMs: 30_000,
  responseCacheAutoExpirationInSeconds: 180,
  retentionTimeInMSInDeltaQueue: 180_000,
  deltaRetentionTimerIntervalInMs: 30_000,
  disableDelta: false,
  syncWhenTimestampDiffers: true,
  waitTimeInMsWhenSyncEmpty: 300_000,
  environment: 'test',
  datacenter: 'default',
  maxRequestBodyBytes: 1024 * 1024,
  maxMetadataEntries: 4096,
  maxFieldLength: 4096,
  maxHeaderSize: 16 * 1024,
  requestTimeoutMs: 30_000,
  rateLimiterEnabled: false,
  rateLimiterLogOnly: false,
  rateLimiterThrottleStandardClients: false,
  rateLimiterPrivilegedClients: '',
  rateLimiterBurstSize: 10,
  rateLimiterRegistryFetchAverageRate: 500,
  rateLimiterFullFetchAverageRate: 100,
  dashboardEnabled: true,
  dashboardPath: '/',
  peerEurekaNodeUrls: '',
  myUrl: '',
  peerEurekaNodesUpdateIntervalMs: 600_000,
  maxElementsInPeerReplicationPool: 10_000,
  maxThreadsForPeerReplication: 20,
  maxTimeForReplication: 30_000,
  peerNodeConnectTimeoutMs: 1000,
  peerNodeReadTimeoutMs: 5000,
  registrySyncRetries: 5,
  registrySyncRetryWaitMs: 30_000,
  enableReplicatedRequestCompression: false,
});
