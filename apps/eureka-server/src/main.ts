#!/usr/bin/env node
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { eurekaFastifyRouterOptions, nodeServerLimits } from '@nest-eureka/server';
import { EurekaServerAppModule } from './app.module';
import { AUTH_ENV_VARIABLES, loadAuthEnvConfig } from './config/auth-env.config';
import { SERVER_ENV_VARIABLES, loadServerEnvConfig } from './config/server-env.config';

const SHUTDOWN_DEADLINE_MS = 5000;

function printHelp(): void {
  const rows = SERVER_ENV_VARIABLES.map((v) => `  ${v.variable.padEnd(68)} ${String(v.default)}`);
  const auth = AUTH_ENV_VARIABLES.map((v) => `  ${v.variable.padEnd(24)} ${v.description}`);
  process.stdout.write(
    `nest-eureka standalone server\n\nEnvironment variables (default):\n${rows.join('\n')}\n\n` +
      `Authentication (off unless set):\n${auth.join('\n')}\n`,
  );
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return printHelp();
  const logger = new Logger('EurekaServer');
  let config;
  let auth;
  try {
    config = loadServerEnvConfig(process.env);
    auth = loadAuthEnvConfig(process.env);
  } catch (error) {
    process.stderr.write(`nest-eureka: ${(error as Error).message}\n`);
    process.exit(2);
  }
  // The Java client calls `apps/` with a trailing slash; Fastify must treat it as `apps`, and take
  // path parameters as long as the ids and app names registration admits.
  // Header size (431) and slow-client time limits (408) are the Node server's own.
  const limits = nodeServerLimits(config.options);
  const adapter = new FastifyAdapter({
    bodyLimit: config.options.maxRequestBodyBytes ?? 1024 * 1024,
    http: limits,
    requestTimeout: limits.requestTimeout,
    routerOptions: eurekaFastifyRouterOptions(config.options),
  });
  const app = await NestFactory.create<NestFastifyApplication>(EurekaServerAppModule.withOptions({ ...config.options, auth }), adapter, {
    rawBody: true,
    bufferLogs: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  logger.log(
    `Eureka server listening on http://${config.host}:${address.port}, API under /eureka and /eureka/v2` +
      (auth ? ', authentication on' : ', no authentication (set EUREKA_AUTH_USERNAME and EUREKA_AUTH_PASSWORD to turn it on)'),
  );
  // A shutdown that hangs (a stuck connection) must still end the process.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`nest-eureka: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
