import { EurekaClientOptions } from '../config/eureka-client.options';
import { DEFAULT_ZONE, splitList } from './instance-zone.resolver';

/** One Eureka server as the transport calls it. */
export interface ServiceEndpoint {
  /** Base URL ending with `/`, without credentials: what requests go to and the only form shown in errors and logs. */
  url: string;
  /** `Basic ...` when the configured URL carried `user:pass@`. */
  authorization?: string;
}

/** Parses one configured URL; credentials move to an Authorization header. */
export function toServiceEndpoint(raw: string): ServiceEndpoint {
  const parsed = new URL(raw.trim());
  let authorization: string | undefined;
  if (parsed.username !== '' || parsed.password !== '') {
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  parsed.hash = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname = `${parsed.pathname}/`;
  const url = parsed.href;
  return authorization === undefined ? { url } : { url, authorization };
}

/**
 * The zones whose servers are tried, in order: the region's `availabilityZones` as listed, then
 * the other zones named in `serviceUrl` (in key order), then `defaultZone`; with
 * `preferSameZoneEureka` the instance's own zone moves to the front.
 */
export function orderZones(
  options: Pick<EurekaClientOptions, 'serviceUrl' | 'availabilityZones' | 'region' | 'preferSameZoneEureka'>,
  instanceZone: string,
): string[] {
  const zones: string[] = [];
  const add = (zone: string) => {
    if (!zones.includes(zone)) zones.push(zone);
  };
  splitList(options.availabilityZones?.[options.region]).forEach(add);
  Object.keys(options.serviceUrl)
    .filter((zone) => zone !== DEFAULT_ZONE)
    .forEach(add);
  add(DEFAULT_ZONE);
  if (options.preferSameZoneEureka) {
    const own = zones.indexOf(instanceZone);
    if (own > 0) zones.unshift(...zones.splice(own, 1));
  }
  return zones;
}

/**
 * Every configured server in the order the transport tries them (see `orderZones`), each URL
 * normalised to end with `/`, duplicates removed. Throws when no zone has a URL.
 */
export function resolveServiceEndpoints(
  options: Pick<EurekaClientOptions, 'serviceUrl' | 'availabilityZones' | 'region' | 'preferSameZoneEureka'>,
  instanceZone: string,
): ServiceEndpoint[] {
  const endpoints: ServiceEndpoint[] = [];
  const seen = new Set<string>();
  for (const zone of orderZones(options, instanceZone)) {
    for (const raw of splitList(options.serviceUrl[zone])) {
      const endpoint = toServiceEndpoint(raw);
      const key = `${endpoint.authorization ?? ''} ${endpoint.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      endpoints.push(endpoint);
    }
  }
  if (endpoints.length === 0) throw new Error('EurekaClientModule: no Eureka server URL configured (serviceUrl)');
  return endpoints;
}
