import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { APP_NAME, ServiceSettings, serviceConfig } from './config/service.config';

/** Longest a shutdown (deregistration, open requests) may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { abortOnError: false });
  // SIGTERM or Ctrl-C: the client deregisters from Eureka, then the HTTP server closes.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  }
  const { port, host } = app.get<ServiceSettings>(serviceConfig.KEY);
  await app.listen(port, host);
  new Logger(APP_NAME).log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${APP_NAME}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
