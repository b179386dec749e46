import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions } from '../config/eureka-server.options';

/** Fastify's own default `maxParamLength`: a longer path parameter gets 414. */
export const FASTIFY_DEFAULT_MAX_PARAM_LENGTH = 100;

/**
 * The router options a Fastify application embedding the server needs:
 * `new FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions() })`.
 * - `ignoreTrailingSlash`: Java clients call `/eureka/apps/`.
 * - `maxParamLength`: an id or app name as long as `maxFieldLength` admits, percent-encoded (3
 *   characters a byte at worst), must fit in a path parameter, or its heartbeats get 414 and the
 *   instance is evicted. Kubernetes host names make ids of well over Fastify's default 100.
 */
export function eurekaFastifyRouterOptions(
  options: Partial<Pick<EurekaServerOptions, 'maxFieldLength'>> = {},
): { ignoreTrailingSlash: true; maxParamLength: number } {
  const maxFieldLength = options.maxFieldLength ?? DEFAULT_SERVER_OPTIONS.maxFieldLength;
  return { ignoreTrailingSlash: true, maxParamLength: requiredMaxParamLength(maxFieldLength) };
}

export function requiredMaxParamLength(maxFieldLength: number): number {
  return Math.max(FASTIFY_DEFAULT_MAX_PARAM_LENGTH, 3 * maxFieldLength);
}
