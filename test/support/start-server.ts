import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  Clock,
  EurekaServerModule,
  EurekaServerModuleOptions,
  InstanceRegistry,
  ManualClock,
  eurekaFastifyRouterOptions,
  ResponseCache,
} from '@nest-eureka/server';

export type AdapterName = 'fastify' | 'express';
export const ADAPTERS: AdapterName[] = ['fastify', 'express'];

export interface RunningServer {
  app: INestApplication;
  baseUrl: string;
  /** `${baseUrl}/eureka` */
  eureka: string;
  registry: InstanceRegistry;
  cache: ResponseCache;
  clock?: ManualClock;
  close(): Promise<void>;
}

/**
 * Our server module in a real Nest application on 127.0.0.1 and a free port, on either adapter,
 * created as the README tells users to (`rawBody: true`). Tests see changes at once unless they
 * ask for the read-only cache tier.
 */
export async function startServer(
  adapter: AdapterName,
  options: EurekaServerModuleOptions = {},
  extra: { manualClock?: boolean } = {},
): Promise<RunningServer> {
  @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false, ...options })] })
  class TestAppModule {}

  const clock = extra.manualClock ? new ManualClock(Date.now()) : undefined;
  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions(options) }) : new ExpressAdapter();
  const app = await NestFactory.create(TestAppModule, httpAdapter as never, { logger: false, rawBody: true, abortOnError: false });
  if (clock) {
    // Replace the clock before anything reads it: the registry and cache hold the instance.
    (app.get(Clock) as { now: () => number }).now = () => clock.now();
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    eureka: `${baseUrl}/eureka`,
    registry: app.get(InstanceRegistry),
    cache: app.get(ResponseCache),
    clock,
    close: () => app.close(),
  };
}
