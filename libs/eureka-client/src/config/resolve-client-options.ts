import { parseStatusStrict } from '@nest-eureka/protocol';
import { DEFAULT_CLIENT_OPTIONS, EurekaClientModuleOptions, EurekaClientOptions } from './eureka-client.options';

const POSITIVE = ['registryFetchIntervalSeconds', 'eurekaServerConnectTimeoutSeconds', 'eurekaServerReadTimeoutSeconds',
  'heartbeatExecutorExponentialBackOffBound', 'cacheRefreshExecutorExponentialBackOffBound', 'leaseRenewalIntervalInSeconds',
  'leaseExpirationDurationInSeconds'] as const;
const BOOLEANS = ['registerWithEureka', 'fetchRegistry', 'disableDelta', 'filterOnlyUpInstances', 'preferSameZoneEureka',
  'shouldUnregisterOnShutdown', 'healthcheckEnabled', 'onDemandUpdateStatusChange', 'preferIpAddress', 'nonSecurePortEnabled',
  'securePortEnabled'] as const;
const PORTS = ['nonSecurePort', 'securePort'] as const;

function fail(key: string, expected: string, value: unknown): never {
  throw new Error(`EurekaClientModule: option "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
}

/**
 * Merges the defaults under the given options (module options first, then `@EnableDiscovery`
 * options over them; `metadataMap` entries add up, every other option is replaced) and checks
 * every value, naming the option on error.
 */
export function resolveClientOptions(...layers: EurekaClientModuleOptions[]): EurekaClientOptions {
  const merged: Record<string, unknown> = { ...DEFAULT_CLIENT_OPTIONS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (!(key in DEFAULT_CLIENT_OPTIONS) && !['appName', 'instanceId', 'hostname', 'ipAddress', 'nonSecurePort', 'vipAddress', 'secureVipAddress'].includes(key)) {
        throw new Error(`EurekaClientModule: unknown option "${key}"`);
      }
      // Metadata adds up across layers (module, then @EnableDiscovery); every other option is replaced.
      merged[key] = key === 'metadataMap' && value && typeof value === 'object' ? { ...(merged[key] as object), ...value } : value;
    }
  }
  const o = merged as Record<string, any>;
  if (typeof o.serviceUrl === 'string') o.serviceUrl = { defaultZone: o.serviceUrl };
  if (o.serviceUrl === null || typeof o.serviceUrl !== 'object' || Object.keys(o.serviceUrl).length === 0) {
    fail('serviceUrl', 'a URL string or a map of zone -> comma-separated URLs', o.serviceUrl);
  }
  for (const [zone, urls] of Object.entries(o.serviceUrl)) {
    if (typeof urls !== 'string' || urls.trim() === '') fail(`serviceUrl.${zone}`, 'a comma-separated list of URLs', urls);
    for (const url of urls.split(',')) {
      try {
        const parsed = new URL(url.trim());
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
      } catch {
        fail(`serviceUrl.${zone}`, 'a comma-separated list of http(s) URLs', url.trim());
      }
    }
  }
  if (typeof o.appName !== 'string' || o.appName.trim() === '') fail('appName', 'a non-empty string', o.appName);
  for (const key of POSITIVE) if (!(typeof o[key] === 'number' && o[key] > 0 && Number.isFinite(o[key]))) fail(key, 'a number > 0', o[key]);
  if (!(Number.isFinite(o.serverQuarantineSeconds) && o.serverQuarantineSeconds >= 0)) fail('serverQuarantineSeconds', 'a number >= 0', o.serverQuarantineSeconds);
  for (const key of BOOLEANS) if (typeof o[key] !== 'boolean') fail(key, 'a boolean', o[key]);
  for (const key of PORTS) {
    if (o[key] !== undefined && !(Number.isInteger(o[key]) && o[key] >= 0 && o[key] <= 65535)) fail(key, 'a port number 0..65535', o[key]);
  }
  if (parseStatusStrict(o.initialStatus) === undefined) fail('initialStatus', 'one of UP, DOWN, STARTING, OUT_OF_SERVICE, UNKNOWN', o.initialStatus);
  for (const key of ['metadataMap', 'availabilityZones']) {
    const map = o[key];
    if (map === null || typeof map !== 'object' || Object.values(map).some((v) => typeof v !== 'string')) fail(key, 'a map of strings', map);
  }
  return merged as unknown as EurekaClientOptions;
}
