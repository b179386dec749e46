import { DASHBOARD_PATH_TEXT, isValidDashboardPath } from './dashboard-path.option';
import { DEFAULT_SERVER_OPTIONS, EurekaServerModuleOptions, EurekaServerOptions } from './eureka-server.options';

export type ServerOptionKind = 'boolean' | 'positiveInt' | 'nonNegativeInt' | 'int' | 'fraction' | 'string' | 'urlList' | 'nameList';

/** What each option must be; the single place option values are checked. */
export const SERVER_OPTION_KINDS: Readonly<Record<keyof EurekaServerOptions, ServerOptionKind>> = {
  enableSelfPreservation: 'boolean',
  renewalPercentThreshold: 'fraction',
  expectedClientRenewalIntervalSeconds: 'int',
  renewalThresholdUpdateIntervalMs: 'positiveInt',
  expectedNumberOfClientsSendingRenews: 'nonNegativeInt',
  defaultOpenForTrafficCount: 'nonNegativeInt',
  evictionIntervalTimerInMs: 'positiveInt',
  useReadOnlyResponseCache: 'boolean',
  responseCacheUpdateIntervalMs: 'positiveInt',
  responseCacheAutoExpirationInSeconds: 'positiveInt',
  retentionTimeInMSInDeltaQueue: 'positiveInt',
  deltaRetentionTimerIntervalInMs: 'positiveInt',
  disableDelta: 'boolean',
  syncWhenTimestampDiffers: 'boolean',
  waitTimeInMsWhenSyncEmpty: 'nonNegativeInt',
  environment: 'string',
  datacenter: 'string',
  maxRequestBodyBytes: 'positiveInt',
  maxMetadataEntries: 'positiveInt',
  maxFieldLength: 'positiveInt',
  maxHeaderSize: 'positiveInt',
  requestTimeoutMs: 'positiveInt',
  rateLimiterEnabled: 'boolean',
  rateLimiterLogOnly: 'boolean',
  rateLimiterThrottleStandardClients: 'boolean',
  rateLimiterPrivilegedClients: 'nameList',
  rateLimiterBurstSize: 'nonNegativeInt',
  rateLimiterRegistryFetchAverageRate: 'nonNegativeInt',
  rateLimiterFullFetchAverageRate: 'nonNegativeInt',
  dashboardEnabled: 'boolean',
  dashboardPath: 'string',
  peerEurekaNodeUrls: 'urlList',
  myUrl: 'urlList',
  peerEurekaNodesUpdateIntervalMs: 'positiveInt',
  maxElementsInPeerReplicationPool: 'positiveInt',
  maxThreadsForPeerReplication: 'positiveInt',
  maxTimeForReplication: 'positiveInt',
  peerNodeConnectTimeoutMs: 'positiveInt',
  peerNodeReadTimeoutMs: 'positiveInt',
  registrySyncRetries: 'nonNegativeInt',
  registrySyncRetryWaitMs: 'nonNegativeInt',
  enableReplicatedRequestCompression: 'boolean',
};

const KIND_TEXT: Record<ServerOptionKind, string> = {
  boolean: 'a boolean',
  positiveInt: 'an integer > 0',
  nonNegativeInt: 'an integer >= 0',
  int: 'an integer',
  fraction: 'a number between 0 and 1',
  string: 'a non-empty string',
  urlList: 'a comma-separated list of http(s) URLs (or empty)',
  nameList: 'a comma-separated list of names (or empty)',
};

export function isValidOptionValue(kind: ServerOptionKind, v: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'positiveInt':
      return Number.isSafeInteger(v) && (v as number) > 0;
    case 'nonNegativeInt':
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case 'int':
      return Number.isSafeInteger(v);
    case 'fraction':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'string':
      return typeof v === 'string' && v.length > 0;
    case 'urlList':
      return typeof v === 'string' && splitUrlList(v).every(isHttpUrl);
    case 'nameList':
      return typeof v === 'string';
  }
}

/** `a, b,,c` -> `['a', 'b', 'c']`. */
export function splitUrlList(list: string): string[] {
  return list
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Options that must satisfy more than their kind: what they must be, as a phrase for error messages. */
const OPTION_CONSTRAINTS: Partial<Record<keyof EurekaServerOptions, { test: (v: unknown) => boolean; text: string }>> = {
  dashboardPath: { test: isValidDashboardPath, text: DASHBOARD_PATH_TEXT },
};

/** What `value` must be when it breaks the option's extra constraint, else undefined. */
export function optionConstraintProblem(key: keyof EurekaServerOptions, value: unknown): string | undefined {
  const constraint = OPTION_CONSTRAINTS[key];
  return constraint && !constraint.test(value) ? constraint.text : undefined;
}

export function describeOptionKind(kind: ServerOptionKind): string {
  return KIND_TEXT[kind];
}

/** Merges the defaults under the caller's options and throws, naming the option, on a bad value or unknown key. */
export function resolveServerOptions(input: EurekaServerModuleOptions = {}): EurekaServerOptions {
  const out: Record<string, unknown> = { ...DEFAULT_SERVER_OPTIONS };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'auth') continue; // checked by resolveAuthOptions
    const kind = SERVER_OPTION_KINDS[key as keyof EurekaServerOptions];
    if (!kind) throw new Error(`EurekaServerModule: unknown option "${key}"`);
    if (!isValidOptionValue(kind, value)) {
      throw new Error(`EurekaServerModule: option "${key}" must be ${KIND_TEXT[kind]}, got ${JSON.stringify(value)}`);
    }
    const problem = optionConstraintProblem(key as keyof EurekaServerOptions, value);
    if (problem) throw new Error(`EurekaServerModule: option "${key}" must be ${problem}, got ${JSON.stringify(value)}`);
    out[key] = value;
  }
  return out as unknown as EurekaServerOptions;
}
