import { isIPv4 } from 'node:net';
import { registerAs } from '@nestjs/config';
import { EurekaClientModuleOptions } from '@nest-eureka/client';

/** The name this service registers under (`GREETING-CONSUMER` on the wire). */
export const APP_NAME = 'greeting-consumer';
/** Port when `PORT` is not set. */
export const DEFAULT_PORT = 8090;

/** Client options read from the environment, named after Spring's `eureka.*` properties. */
const EUREKA_VARIABLES = {
  EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: 'serviceUrl',
  EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS: 'registryFetchIntervalSeconds',
  EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: 'leaseRenewalIntervalInSeconds',
  EUREKA_INSTANCE_LEASE_EXPIRATION_DURATION_IN_SECONDS: 'leaseExpirationDurationInSeconds',
  EUREKA_INSTANCE_HOSTNAME: 'hostname',
  EUREKA_INSTANCE_IP_ADDRESS: 'ipAddress',
} as const satisfies Record<string, keyof EurekaClientModuleOptions>;

export interface ServiceSettings {
  /** `PORT`: HTTP port (0: any free port). */
  port: number;
  /** `HOST`: address to listen on. Default 127.0.0.1. */
  host: string;
  /** Options for `EurekaClientModule` from the `EUREKA_*` variables; unset ones keep the library defaults. */
  eureka: EurekaClientModuleOptions;
}

/**
 * Reads this service's settings from the environment. The instance advertises the address it
 * listens on (unless that is a wildcard or `EUREKA_INSTANCE_HOSTNAME` says otherwise), so callers
 * reach it at the address it really serves. Throws, naming the variable, on a malformed value.
 */
export function readServiceSettings(env: NodeJS.ProcessEnv): ServiceSettings {
  const rawPort = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) throw new Error(`PORT=${JSON.stringify(rawPort)} must be an integer between 0 and 65535`);
  const host = env.HOST?.trim() || '127.0.0.1';
  const eureka: Record<string, string | number> = { serviceUrl: 'http://127.0.0.1:8761/eureka/' };
  if (host !== '0.0.0.0' && host !== '::') {
    eureka.hostname = host;
    if (isIPv4(host)) eureka.ipAddress = host;
  }
  for (const [variable, option] of Object.entries(EUREKA_VARIABLES)) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    if (option.endsWith('Seconds')) {
      const seconds = Number(raw);
      if (!(seconds > 0)) throw new Error(`${variable}=${JSON.stringify(raw)} must be a number of seconds > 0`);
      eureka[option] = seconds;
    } else {
      eureka[option] = raw;
    }
  }
  return { port, host, eureka };
}

/** `@Inject(serviceConfig.KEY) settings: ServiceSettings`; read when the application is created. */
export const serviceConfig = registerAs('service', (): ServiceSettings => readServiceSettings(process.env));
