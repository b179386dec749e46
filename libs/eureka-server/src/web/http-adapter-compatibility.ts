import { BadRequestException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { CapturedRequest, captureBody, isEurekaBodyPath } from './api-body-capture';
import { FASTIFY_DEFAULT_MAX_PARAM_LENGTH, requiredMaxParamLength } from './fastify-router-options';
import { jsonDepthExceeds } from '@nest-eureka/protocol';
import { normalizeDashboardPath } from '../config/dashboard-path.option';

type Done = (err: Error | null, body?: unknown) => void;
type Parser = (req: { url?: string; rawBody?: Buffer; is404?: boolean; routeOptions?: { url?: string } }, body: Buffer, done: Done) => void;

interface FastifyLike {
  initialConfig?: {
    bodyLimit?: number;
    onProtoPoisoning?: string;
    onConstructorPoisoning?: string;
    ignoreTrailingSlash?: boolean;
    maxParamLength?: number;
    routerOptions?: { ignoreTrailingSlash?: boolean; maxParamLength?: number };
  };
  hasContentTypeParser(type: string): boolean;
  removeContentTypeParser(type: string): void;
  addContentTypeParser(type: string | string[], opts: { parseAs: 'buffer'; bodyLimit?: number }, parser: Parser): void;
  getDefaultJsonParser(onProto: string, onConstructor: string): (req: unknown, body: string, done: Done) => void;
}

interface ExpressLike {
  use(fn: (req: CapturedRequest, res: ServerResponse, next: () => void) => void): void;
  router: { stack: unknown[] };
}

export const XML_MEDIA_TYPES = ['application/xml', 'text/xml'];
/**
 * Deepest JSON nesting parsed for the application's own routes (Eureka bodies: 64, in the codec).
 * A megabyte of `[[[[...` costs `JSON.parse` some 300 ms of main-thread time; refused by a scan, 10 ms.
 */
export const MAX_APP_JSON_DEPTH = 256;
const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE']);

/**
 * Lets the Eureka routes see request bodies as the clients sent them, whatever body parser the
 * application runs, so bad JSON gets the reference's error shape with the field named, an empty
 * JSON body on a heartbeat is fine (Spring's transport sends one), and a wrong charset is a 415.
 * Only paths under `/eureka/apps/` are touched; every other route keeps its parsing.
 * - Fastify: the JSON parser passes raw bytes for those paths and is Fastify's default parser
 *   otherwise; XML gets a raw-bytes parser (Fastify refuses types it has no parser for). A
 *   missing `ignoreTrailingSlash` is reported at start: Java clients call `apps/`.
 * - Express: a capture middleware ahead of the body parsers reads those bodies first.
 */
@Injectable()
export class HttpAdapterCompatibility implements OnModuleInit {
  private readonly logger = new Logger('EurekaServer');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    if (adapter.getType() === 'fastify') this.fitFastify(adapter.getInstance() as FastifyLike);
    else if (adapter.getType() === 'express') this.fitExpress(adapter.getInstance() as ExpressLike);
  }

  private fitFastify(fastify: FastifyLike): void {
    const config = fastify.initialConfig ?? {};
    const advice = 'Create the adapter as new FastifyAdapter({ routerOptions: eurekaFastifyRouterOptions() }) (from @nest-eureka/server).';
    if (!config.routerOptions?.ignoreTrailingSlash && !config.ignoreTrailingSlash) {
      this.logger.warn(`Fastify was created without routerOptions.ignoreTrailingSlash: Java Eureka clients call \`/eureka/apps/\` and get 404. ${advice}`);
    }
    const maxParamLength = config.routerOptions?.maxParamLength ?? config.maxParamLength ?? FASTIFY_DEFAULT_MAX_PARAM_LENGTH;
    const needed = requiredMaxParamLength(this.options.maxFieldLength);
    if (maxParamLength < needed) {
      this.logger.warn(
        `Fastify's maxParamLength is ${maxParamLength}: an instance id or app name longer than that registers, then gets 414 on ` +
          `every heartbeat and is evicted (maxFieldLength ${this.options.maxFieldLength} needs ${needed}). ${advice}`,
      );
    }
    const bodyLimit = Math.max(config.bodyLimit ?? 1024 * 1024, this.options.maxRequestBodyBytes);
    const passRaw: Parser = (req, body, done) => {
      req.rawBody = body;
      done(null, body.length > 0 ? body : undefined);
    };
    const defaultJson = fastify.getDefaultJsonParser(config.onProtoPoisoning ?? 'error', config.onConstructorPoisoning ?? 'error');
    if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
    const bodyless = this.bodylessRoutes();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
      if (isEurekaBodyPath(req.url)) return passRaw(req, body, done);
      // No route, or one of this module's that reads no JSON: nothing is parsed (a hostile body
      // to an unknown path costs no parse, and none runs ahead of the dashboard's authentication).
      if (req.is404 || bodyless(req.routeOptions?.url)) return done(null, undefined);
      req.rawBody = body;
      const text = body.toString('utf8');
      if (jsonDepthExceeds(text, MAX_APP_JSON_DEPTH)) {
        return done(new BadRequestException(`body: JSON nested deeper than ${MAX_APP_JSON_DEPTH} levels`));
      }
      defaultJson(req, text, done);
    });
    const missing = XML_MEDIA_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (missing.length > 0) fastify.addContentTypeParser(missing, { parseAs: 'buffer', bodyLimit }, passRaw);
  }

  /** Route patterns of this module that read no JSON body: the dashboard's (its forms are URL-encoded). */
  private bodylessRoutes(): (pattern: string | undefined) => boolean {
    if (!this.options.dashboardEnabled) return () => false;
    const base = normalizeDashboardPath(this.options.dashboardPath);
    const prefix = base === '/' ? '' : base;
    return (pattern) =>
      pattern !== undefined && (pattern === (prefix || '/') || pattern === `${prefix}/lastn` || pattern.startsWith(`${prefix}/dashboard/`));
  }

  private fitExpress(express: ExpressLike): void {
    const limit = this.options.maxRequestBodyBytes;
    express.use((req, _res, next) => {
      if (!WRITE_METHODS.has(req.method ?? '') || !isEurekaBodyPath(req.url)) return next();
      captureBody(req, limit, next);
    });
    // Move the capture ahead of the body parsers Nest installed at start.
    const stack = express.router.stack;
    stack.unshift(stack.pop());
  }
}
