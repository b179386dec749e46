import { INestApplication, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { EurekaServerModuleOptions } from '../config/eureka-server.options';
import { EurekaServerModule } from '../eureka-server.module';
import { InstanceRegistry } from '../registry/instance-registry';
import { loadFastifyAdapter } from './platform-adapter.loader';

export interface EurekaTestServerOptions extends EurekaServerModuleOptions {
  /** HTTP adapter of the registry's Nest application: `express` (default, Nest's own default) or `fastify`. */
  adapter?: 'express' | 'fastify';
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0, a free port chosen by the system. */
  port?: number;
  /** Nest log levels of the registry application; default none (`false`). */
  logger?: false | LogLevel[];
}

export interface WaitOptions {
  /** Longest wait in ms; default 10,000. */
  timeoutMs?: number;
}

export interface WaitForInstanceOptions extends WaitOptions {
  /** The instance id to wait for; default any instance of the application. */
  id?: string;
  /** The status to wait for; default `UP`. */
  status?: InstanceStatus;
}

/** A registry started by `startEurekaTestServer`, with what a test needs to look inside it. */
export interface EurekaTestServer {
  /** The registry's Nest application. */
  readonly app: INestApplication;
  readonly port: number;
  /** `http://<host>:<port>` */
  readonly baseUrl: string;
  /** `http://<host>:<port>/eureka/`: a client's `serviceUrl` (Spring: `eureka.client.service-url.defaultZone`). */
  readonly serviceUrl: string;
  readonly registry: InstanceRegistry;
  /** The instances registered now, of one application (any case) or of all. */
  instances(app?: string): InstanceInfo[];
  /** One instance by application and id, if registered. */
  instance(app: string, id: string): InstanceInfo | undefined;
  /** Resolves with the first instance of `app` (and `id`) in `status` (default UP); rejects after `timeoutMs`. */
  waitForInstance(app: string, options?: WaitForInstanceOptions): Promise<InstanceInfo>;
  /** Resolves once `app` has no instance (or not `id`); rejects after `timeoutMs`. */
  waitForNoInstance(app: string, options?: WaitOptions & { id?: string }): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;

/**
 * A real Eureka registry in this process, for end-to-end tests of services that register or discover:
 * `EurekaServerModule` in its own Nest application, listening on 127.0.0.1 and a free port, with the
 * read-only response cache off so that registrations show in reads at once.
 *
 * ```ts
 * const eureka = await startEurekaTestServer();
 * process.env.EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE = eureka.serviceUrl;
 * // ... start the service under test ...
 * await eureka.waitForInstance('ORDERS');
 * await eureka.close();
 * ```
 */
export async function startEurekaTestServer(options: EurekaTestServerOptions = {}): Promise<EurekaTestServer> {
  const { adapter = 'express', host = '127.0.0.1', port = 0, logger = false, ...moduleOptions } = options;

  @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false, ...moduleOptions })] })
  class EurekaTestServerModule {}

  const app =
    adapter === 'fastify'
      ? await NestFactory.create(EurekaTestServerModule, loadFastifyAdapter(moduleOptions.maxFieldLength), { logger, rawBody: true, abortOnError: false })
      : await NestFactory.create(EurekaTestServerModule, { logger, rawBody: true, abortOnError: false });
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const listening = (app.getHttpServer().address() as { port: number }).port;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${listening}`;
  const registry = app.get(InstanceRegistry);

  const instances = (name?: string): InstanceInfo[] => {
    const names = name === undefined ? [...registry.applicationNames()] : [name.toUpperCase()];
    return names.flatMap((n) => [...(registry.leasesOf(n)?.values() ?? [])].map((lease) => lease.holder));
  };
  const instance = (name: string, id: string) => registry.leasesOf(name.toUpperCase())?.get(id)?.holder;
  const waits = new Set<(error: Error) => void>();
  const waitForChange = <T>(what: string, timeoutMs: number, probe: () => T | undefined) => waitForRegistryChange(registry, waits, what, timeoutMs, probe);

  return {
    app,
    port: listening,
    baseUrl,
    serviceUrl: `${baseUrl}/eureka/`,
    registry,
    instances,
    instance,
    waitForInstance: (name, { id, status = 'UP', timeoutMs = DEFAULT_WAIT_MS } = {}) =>
      waitForChange(`${name}${id ? `/${id}` : ''} ${status} in the test registry`, timeoutMs, () =>
        instances(name).find((i) => (id === undefined || i.instanceId === id) && i.status === status),
      ),
    waitForNoInstance: async (name, { id, timeoutMs = DEFAULT_WAIT_MS } = {}) => {
      await waitForChange(`${name}${id ? `/${id}` : ''} gone from the test registry`, timeoutMs, () =>
        instances(name).some((i) => id === undefined || i.instanceId === id) ? undefined : true,
      );
    },
    close: async () => {
      // Waits still pending fail at once instead of holding the test open until their timeout.
      for (const fail of [...waits]) fail(new Error('the test registry was closed'));
      await app.close();
    },
  };
}

/**
 * Resolves with `probe()` once it is defined, checking now and after every registry change; fails
 * after `timeoutMs`, or when the server closes (through `waits`).
 */
function waitForRegistryChange<T>(
  registry: InstanceRegistry,
  waits: Set<(error: Error) => void>,
  what: string,
  timeoutMs: number,
  probe: () => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = probe();
    if (now !== undefined) return resolve(now);
    const settle = (error: Error | undefined, value?: T) => {
      clearTimeout(timer);
      unsubscribe();
      waits.delete(fail);
      if (error) reject(error);
      else resolve(value as T);
    };
    const fail = (error: Error) => settle(error);
    const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const unsubscribe = registry.onChange(() => {
      const value = probe();
      if (value !== undefined) settle(undefined, value);
    });
    waits.add(fail);
  });
}
