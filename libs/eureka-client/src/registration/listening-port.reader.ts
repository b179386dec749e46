import { HttpAdapterHost } from '@nestjs/core';

/** The TCP port the application's HTTP server listens on; undefined before listen or on a pipe. */
export function readListeningPort(host: HttpAdapterHost): number | undefined {
  const server = host.httpAdapter?.getHttpServer?.() as { address?: () => unknown } | undefined;
  const address = server?.address?.();
  return address !== null && typeof address === 'object' && typeof (address as { port?: unknown }).port === 'number'
    ? (address as { port: number }).port
    : undefined;
}
