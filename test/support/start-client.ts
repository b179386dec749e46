import { Controller, Get, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  DiscoveryClient,
  EnableDiscovery,
  EurekaClientModule,
  EurekaClientModuleOptions,
  EurekaHttpService,
  EurekaRegistration,
  RegistryFetcher,
} from '@nest-eureka/client';
import { AdapterName } from './start-server';

export interface RunningClient {
  app: INestApplication;
  port: number;
  registration: EurekaRegistration;
  discovery: DiscoveryClient;
  fetcher: RegistryFetcher;
  http: EurekaHttpService;
  close(): Promise<void>;
}

/** A controller every sample client serves: `GET /whoami` answers its own port. */
@Controller()
class WhoAmIController {
  port = 0;
  @Get('whoami')
  whoami() {
    return { port: this.port };
  }
}

/**
 * A small Nest application that joins the registry the way the README shows: the client module
 * and `@EnableDiscovery` on the application module (or without it, fetch only).
 */
export async function startClient(
  adapter: AdapterName,
  options: EurekaClientModuleOptions,
  extra: { enableDiscovery?: boolean; controllers?: Type[] } = {},
): Promise<RunningClient> {
  const controllers = [WhoAmIController, ...(extra.controllers ?? [])];
  let root: Type;
  if (extra.enableDiscovery === false) {
    @Module({ imports: [EurekaClientModule.forRoot(options)], controllers })
    class FetchOnlyModule {}
    root = FetchOnlyModule;
  } else {
    @EnableDiscovery()
    @Module({ imports: [EurekaClientModule.forRoot(options)], controllers })
    class DiscoveringModule {}
    root = DiscoveringModule;
  }
  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(root, httpAdapter as never, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  app.get(WhoAmIController).port = port;
  return {
    app,
    port,
    registration: app.get(EurekaRegistration),
    discovery: app.get(DiscoveryClient),
    fetcher: app.get(RegistryFetcher),
    http: app.get(EurekaHttpService),
    close: () => app.close(),
  };
}

/** Polls until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}
