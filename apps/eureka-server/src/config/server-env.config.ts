import {
  DEFAULT_SERVER_OPTIONS,
  EurekaServerOptions,
  SERVER_OPTION_KINDS,
  describeOptionKind,
  isValidOptionValue,
  optionConstraintProblem,
} from '@nest-eureka/server';

type OptionKey = keyof EurekaServerOptions;
type OptionKind = (typeof SERVER_OPTION_KINDS)[OptionKey];

export interface ServerEnvConfig {
  port: number;
  host: string;
  options: Partial<EurekaServerOptions>;
}

export interface ServerEnvVariable {
  /** Environment variable name, e.g. `EUREKA_SERVER_ENABLE_SELF_PRESERVATION`. */
  variable: string;
  /** What it sets: an `EurekaServerOptions` key, or `port` / `host` of the listener. */
  option: OptionKey | 'port' | 'host';
  default: string | number | boolean;
  description: string;
}

export const DEFAULT_PORT = 8761;
export const DEFAULT_HOST = '0.0.0.0';

/** `retentionTimeInMSInDeltaQueue` -> `RETENTION_TIME_IN_MS_IN_DELTA_QUEUE`. */
export function toUpperSnake(camel: string): string {
  return camel
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/** Options whose Spring property is not `eureka.server.<option>` (spec §14). */
const VARIABLE_OVERRIDES: Partial<Record<OptionKey, string>> = {
  expectedNumberOfClientsSendingRenews: 'EUREKA_INSTANCE_REGISTRY_EXPECTED_NUMBER_OF_CLIENTS_SENDING_RENEWS',
  defaultOpenForTrafficCount: 'EUREKA_INSTANCE_REGISTRY_DEFAULT_OPEN_FOR_TRAFFIC_COUNT',
  environment: 'EUREKA_ENVIRONMENT',
  datacenter: 'EUREKA_DATACENTER',
  peerEurekaNodeUrls: 'EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE',
  dashboardEnabled: 'EUREKA_DASHBOARD_ENABLED',
  dashboardPath: 'EUREKA_DASHBOARD_PATH',
};

const DESCRIPTIONS: Record<OptionKey, string> = {
  enableSelfPreservation: 'Stop evicting when renewals fall below the threshold',
  renewalPercentThreshold: 'Fraction of expected renewals per minute below which self-preservation starts',
  expectedClientRenewalIntervalSeconds: 'Renewal interval assumed for clients when computing the threshold',
  renewalThresholdUpdateIntervalMs: 'How often the expected renewal count and threshold are recomputed',
  expectedNumberOfClientsSendingRenews: 'Initial number of clients expected to renew',
  defaultOpenForTrafficCount: 'Expected client count used after a start-up sync found no instances',
  evictionIntervalTimerInMs: 'How often expired leases are evicted',
  useReadOnlyResponseCache: 'Serve registry reads from the read-only cache layer',
  responseCacheUpdateIntervalMs: 'Refresh interval of the read-only response cache',
  responseCacheAutoExpirationInSeconds: 'Expiry of entries in the read-write response cache',
  retentionTimeInMSInDeltaQueue: 'How long changes stay in the delta queue',
  deltaRetentionTimerIntervalInMs: 'How often old changes are removed from the delta queue',
  disableDelta: 'Answer `GET apps/delta` with 403 (clients fall back to full fetches)',
  syncWhenTimestampDiffers: 'Compare a heartbeat\'s `lastDirtyTimestamp` with the stored one (404 / 409 on mismatch)',
  waitTimeInMsWhenSyncEmpty: 'How long registry reads get 403 after a start-up sync found no instances',
  environment: 'Environment name shown by the dashboard and status page',
  datacenter: 'Datacenter name shown by the dashboard and status page',
  maxRequestBodyBytes: 'Largest accepted request body; larger bodies get 413',
  maxMetadataEntries: 'Most metadata entries a registration (or a metadata update) may leave; more get 400',
  maxFieldLength: 'Longest id, host, app, address, VIP, URL, ASG or metadata key/value on registration and metadata update (characters); longer gets 400',
  maxHeaderSize: 'Largest request line + headers in bytes; larger get 431',
  requestTimeoutMs: 'Longest time a client may take to send a whole request, ms; slower get 408',
  rateLimiterEnabled: 'Answer registry fetches (apps, apps/delta, apps/{app}) over the rate limits with 503',
  rateLimiterLogOnly: 'Evaluate the fetch rate limits but only log the clients that would get 503',
  rateLimiterThrottleStandardClients: 'Rate-limit the standard Java clients and peers (DiscoveryIdentity-Name DefaultClient/DefaultServer) and the privileged clients too',
  rateLimiterPrivilegedClients: 'Further DiscoveryIdentity-Name values never rate-limited, comma-separated',
  rateLimiterBurstSize: 'Token bucket size of the fetch rate limits (0 = unlimited)',
  rateLimiterRegistryFetchAverageRate: 'Full, delta and application fetches per second (0 = unlimited)',
  rateLimiterFullFetchAverageRate: 'Full fetches per second (0 = unlimited)',
  dashboardEnabled: 'Serve the HTML dashboard (System Status, instances, last registrations/cancellations)',
  dashboardPath: 'Path the dashboard is served at',
  peerEurekaNodeUrls: 'Peer servers, comma-separated service URLs (this server\'s own URL is skipped); empty = standalone',
  myUrl: 'This server\'s own service URL, for recognising itself in the peer list',
  peerEurekaNodesUpdateIntervalMs: 'How often the peer list is re-resolved',
  maxElementsInPeerReplicationPool: 'Replication queue bound per peer (overflow drops the oldest task)',
  maxThreadsForPeerReplication: 'Concurrent batch requests per peer',
  maxTimeForReplication: 'Expiry of queued cancel/status replication tasks, ms',
  peerNodeConnectTimeoutMs: 'Connect timeout to a peer, ms',
  peerNodeReadTimeoutMs: 'Read timeout of a replication request, ms',
  registrySyncRetries: 'Start-up sync attempts from peers while nothing was copied',
  registrySyncRetryWaitMs: 'Wait between start-up sync attempts, ms',
  enableReplicatedRequestCompression: 'Gzip replication batch bodies',
};

const OPTION_KEYS = Object.keys(SERVER_OPTION_KINDS) as OptionKey[];

/** Every environment variable the standalone server reads, in table order. */
export const SERVER_ENV_VARIABLES: readonly Readonly<ServerEnvVariable>[] = Object.freeze([
  { variable: 'PORT', option: 'port', default: DEFAULT_PORT, description: 'HTTP port to listen on (0..65535)' },
  { variable: 'HOST', option: 'host', default: DEFAULT_HOST, description: 'Address to bind' },
  ...OPTION_KEYS.map((option) => ({
    variable: VARIABLE_OVERRIDES[option] ?? `EUREKA_SERVER_${toUpperSnake(option)}`,
    option,
    default: DEFAULT_SERVER_OPTIONS[option],
    description: DESCRIPTIONS[option],
  })),
]);

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;

function invalid(variable: string, raw: string, expected: string): Error {
  return new Error(`${variable}=${JSON.stringify(raw)} must be ${expected}`);
}

function parseOptionValue(variable: string, raw: string, kind: OptionKind): string | number | boolean {
  let value: string | number | boolean | undefined;
  switch (kind) {
    case 'boolean': {
      const lower = raw.toLowerCase();
      value = lower === 'true' ? true : lower === 'false' ? false : undefined;
      break;
    }
    case 'fraction':
      value = DECIMAL.test(raw) ? Number(raw) : undefined;
      break;
    case 'string':
    case 'urlList':
    case 'nameList':
      value = raw;
      break;
    default:
      value = INTEGER.test(raw) ? Number(raw) : undefined;
  }
  const expected = kind === 'boolean' ? 'true or false' : describeOptionKind(kind);
  if (value === undefined || !isValidOptionValue(kind, value)) throw invalid(variable, raw, expected);
  return value;
}

/** Trimmed value, or undefined when unset or blank (the default applies). */
function read(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  return raw ? raw : undefined;
}

/**
 * Reads the standalone server's configuration from the environment (names in `SERVER_ENV_VARIABLES`).
 * `options` holds only the variables that are set; `resolveServerOptions` fills the rest.
 * Throws, naming the variable, the value and what was expected, on a malformed value.
 */
export function loadServerEnvConfig(env: NodeJS.ProcessEnv): ServerEnvConfig {
  const options: Record<string, unknown> = {};
  let port = DEFAULT_PORT;
  let host = DEFAULT_HOST;
  for (const { variable, option } of SERVER_ENV_VARIABLES) {
    const raw = read(env, variable);
    if (raw === undefined) continue;
    if (option === 'port') {
      port = Number(raw);
      if (!/^\d+$/.test(raw) || port > 65535) throw invalid(variable, raw, 'an integer between 0 and 65535');
    } else if (option === 'host') {
      host = raw;
    } else {
      options[option] = parseOptionValue(variable, raw, SERVER_OPTION_KINDS[option]);
      const problem = optionConstraintProblem(option, options[option]);
      if (problem) throw invalid(variable, raw, problem);
    }
  }
  return { port, host, options: options as Partial<EurekaServerOptions> };
}
