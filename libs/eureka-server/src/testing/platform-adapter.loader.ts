import type { AbstractHttpAdapter } from '@nestjs/core';
import { eurekaFastifyRouterOptions } from '../web/fastify-router-options';

/**
 * `@nestjs/platform-fastify` is an optional peer dependency: only a test registry asked to run on
 * Fastify loads it. Missing, the error says what to install.
 */
export function loadFastifyAdapter(maxFieldLength?: number): AbstractHttpAdapter {
  let platform: { FastifyAdapter: new (options?: object) => AbstractHttpAdapter };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    platform = require('@nestjs/platform-fastify');
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    if (e.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes("'@nestjs/platform-fastify'")) {
      throw new Error("startEurekaTestServer({ adapter: 'fastify' }) needs the package '@nestjs/platform-fastify': npm install -D @nestjs/platform-fastify");
    }
    throw error;
  }
  return new platform.FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions({ maxFieldLength }) });
}
