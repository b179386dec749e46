import type { ServerOptions } from 'node:http';
import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions } from '../config/eureka-server.options';

/**
 * Node HTTP server options enforcing `maxHeaderSize` (431 on a larger request head) and
 * `requestTimeoutMs` (408 and close for a client too slow to send its request; the headers must
 * arrive within the same time). Node checks the timeouts every `connectionsCheckingInterval`, so it
 * is kept well below the timeout. Pass to `http.createServer` or Fastify's `http` option.
 */
export function nodeServerLimits(
  options: Partial<Pick<EurekaServerOptions, 'maxHeaderSize' | 'requestTimeoutMs'>> = {},
): Required<Pick<ServerOptions, 'maxHeaderSize' | 'requestTimeout' | 'headersTimeout' | 'connectionsCheckingInterval'>> {
  const maxHeaderSize = options.maxHeaderSize ?? DEFAULT_SERVER_OPTIONS.maxHeaderSize;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_SERVER_OPTIONS.requestTimeoutMs;
  return {
    maxHeaderSize,
    requestTimeout,
    headersTimeout: requestTimeout,
    connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(requestTimeout / 4))),
  };
}
