import { InstanceStatus } from '@nest-eureka/protocol';

/**
 * Options of `EurekaClientModule`, named after Spring's `eureka.client.*` and `eureka.instance.*`
 * properties, with the same defaults. All optional for the caller except `appName` (or an
 * `@EnableDiscovery({ appName })`); `resolveClientOptions` fills in the rest.
 */
export interface EurekaClientOptions {
  // ---- eureka.client.* --------------------------------------------------------------------------
  /**
   * Eureka server URLs per zone, each a comma-separated list (`http://user:pass@host:8761/eureka/`).
   * A plain string means `{ defaultZone: string }`. Default `{ defaultZone: 'http://localhost:8761/eureka/' }`.
   */
  serviceUrl: Record<string, string>;
  /** Register this instance. Default true. */
  registerWithEureka: boolean;
  /** Fetch and cache the registry. Default true. */
  fetchRegistry: boolean;
  /** Seconds between delta fetches. Default 30. */
  registryFetchIntervalSeconds: number;
  /** Always fetch the full registry. Default false. */
  disableDelta: boolean;
  /** Views handed to callers contain only UP instances. Default true. */
  filterOnlyUpInstances: boolean;
  /** Try servers of this instance's zone first. Default true. */
  preferSameZoneEureka: boolean;
  /** DELETE the registration on shutdown. Default true. */
  shouldUnregisterOnShutdown: boolean;
  /** Region of this instance. Default `us-east-1`. */
  region: string;
  /** Zones per region, comma-separated (`{ 'us-east-1': 'zone-a,zone-b' }`). Default: none (zone `defaultZone`). */
  availabilityZones: Record<string, string>;
  /** Connect timeout to a Eureka server, seconds. Default 5. */
  eurekaServerConnectTimeoutSeconds: number;
  /** Read timeout of a Eureka request, seconds. Default 8. */
  eurekaServerReadTimeoutSeconds: number;
  /** Heartbeat back-off cap, as a multiple of the renewal interval. Default 10. */
  heartbeatExecutorExponentialBackOffBound: number;
  /** Fetch back-off cap, as a multiple of the fetch interval. Default 10. */
  cacheRefreshExecutorExponentialBackOffBound: number;
  /** Seconds a failing server is skipped before it is tried again. Not a Spring property. Default 30. */
  serverQuarantineSeconds: number;
  /** Drive the instance status from the application's health checks (`eureka.client.healthcheck.enabled`). Default false. */
  healthcheckEnabled: boolean;
  /** Send status changes at once, rate limited. Default true. */
  onDemandUpdateStatusChange: boolean;

  // ---- eureka.instance.* ------------------------------------------------------------------------
  /** Application name (upper-cased on the wire). Required. */
  appName: string;
  /** Default `${hostname}:${appName}:${nonSecurePort}` (Spring's default). */
  instanceId?: string;
  /** Default the machine's host name. */
  hostname?: string;
  /** Default the first non-loopback, non-container-bridge IPv4 address. */
  ipAddress?: string;
  /** Advertise the IP address instead of the host name in URLs and `hostName`. Default false. */
  preferIpAddress: boolean;
  /** Default the port the HTTP server listens on. */
  nonSecurePort?: number;
  /** Default true. */
  nonSecurePortEnabled: boolean;
  /** Default 443. */
  securePort: number;
  /** Default false. */
  securePortEnabled: boolean;
  /** Default the application name as given. */
  vipAddress?: string;
  /** Default the application name as given. */
  secureVipAddress?: string;
  /** Extra metadata. Default none. */
  metadataMap: Record<string, string>;
  /** Default `/actuator/info`. */
  statusPageUrlPath: string;
  /** Default `/actuator/health`. */
  healthCheckUrlPath: string;
  /** Default `/`. */
  homePageUrlPath: string;
  /** Status registered with. Default UP. */
  initialStatus: InstanceStatus;
  /** Seconds between heartbeats. Default 30. */
  leaseRenewalIntervalInSeconds: number;
  /** Seconds the server waits for a heartbeat before the lease expires. Default 90. */
  leaseExpirationDurationInSeconds: number;
}

export type EurekaClientModuleOptions = Partial<Omit<EurekaClientOptions, 'serviceUrl'>> & {
  serviceUrl?: string | Record<string, string>;
};

export const DEFAULT_CLIENT_OPTIONS: Readonly<Omit<EurekaClientOptions, 'appName'>> = Object.freeze({
  serviceUrl: { defaultZone: 'http://localhost:8761/eureka/' },
  registerWithEureka: true,
  fetchRegistry: true,
  registryFetchIntervalSeconds: 30,
  disableDelta: false,
  filterOnlyUpInstances: true,
  preferSameZoneEureka: true,
  shouldUnregisterOnShutdown: true,
  region: 'us-east-1',
  availabilityZones: {},
  eurekaServerConnectTimeoutSeconds: 5,
  eurekaServerReadTimeoutSeconds: 8,
  heartbeatExecutorExponentialBackOffBound: 10,
  cacheRefreshExecutorExponentialBackOffBound: 10,
  serverQuarantineSeconds: 30,
  healthcheckEnabled: false,
  onDemandUpdateStatusChange: true,
  preferIpAddress: false,
  nonSecurePortEnabled: true,
  securePort: 443,
  securePortEnabled: false,
  metadataMap: {},
  statusPageUrlPath: '/actuator/info',
  healthCheckUrlPath: '/actuator/health',
  homePageUrlPath: '/',
  initialStatus: 'UP',
  leaseRenewalIntervalInSeconds: 30,
  leaseExpirationDurationInSeconds: 90,
});
