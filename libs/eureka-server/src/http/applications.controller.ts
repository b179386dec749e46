import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { CLIENT_NAME_HEADER, FetchRateLimiter, FetchTarget } from '../limits/fetch-rate-limiter';
import { CachedReadResponder, ReadHeaders } from './cached-read.responder';
import { RawResponse, sendEmpty } from '../web/raw-response';
import { upperCaseAppName } from '../web/route-paths';

/**
 * Registry reads served from the response cache: full registry, delta, one application, VIPs.
 * The `regions` parameter is accepted and ignored (no remote regions, spec §3.18).
 *
 * With `rateLimiterEnabled` (or `rateLimiterLogOnly`) the full, delta and application fetches go
 * through the fetch rate limiter first, before any other check, as the reference's servlet filter
 * runs before its resources; over the limit -> empty 503. VIP reads are not limited (the reference
 * limits `GET .../apps`, `.../apps/delta` and `.../apps/{app}` only). Its path pattern misses
 * `apps/delta/` and `apps/{app}/` with a trailing slash; here they are limited like the rest.
 */
@Controller(EUREKA_API_PATHS)
export class ApplicationsController {
  /** Undefined unless rate limiting is on: then the only added work is this one check. */
  private readonly rateLimiter: FetchRateLimiter | undefined;

  constructor(
    private readonly responder: CachedReadResponder,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
    clock: Clock,
  ) {
    this.rateLimiter = FetchRateLimiter.fromOptions(options, clock);
  }

  @Get('apps')
  getApplications(@Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    if (this.rateLimiter !== undefined && this.overLimit(this.rateLimiter, 'full', headers, res)) return;
    this.responder.respond(res, headers, 'apps', '');
  }

  @Get('apps/delta')
  getDelta(@Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    if (this.rateLimiter !== undefined && this.overLimit(this.rateLimiter, 'delta', headers, res)) return;
    if (this.options.disableDelta) return sendEmpty(res, 403);
    this.responder.respond(res, headers, 'delta', '');
  }

  @Get('apps/:app')
  getApplication(@Param('app') app: string, @Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    if (this.rateLimiter !== undefined && this.overLimit(this.rateLimiter, 'app', headers, res)) return;
    this.responder.respond(res, headers, 'app', upperCaseAppName(app));
  }

  @Get('vips/:vip')
  getVip(@Param('vip') vip: string, @Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    this.responder.respond(res, headers, 'vip', vip);
  }

  @Get('svips/:svip')
  getSecureVip(@Param('svip') svip: string, @Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    this.responder.respond(res, headers, 'svip', svip);
  }

  /** Answers 503 (empty, as the reference) and returns true when the limiter refuses the fetch. */
  private overLimit(limiter: FetchRateLimiter, target: FetchTarget, headers: ReadHeaders, res: RawResponse): boolean {
    if (limiter.admit(target, headers[CLIENT_NAME_HEADER], res)) return false;
    sendEmpty(res, 503);
    return true;
  }
}
