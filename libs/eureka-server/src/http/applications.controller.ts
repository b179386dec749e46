import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { CachedReadResponder, ReadHeaders } from './cached-read.responder';
import { RawResponse, sendEmpty } from './raw-response';
import { upperCaseAppName } from './route-paths';

/**
 * Registry reads served from the response cache: full registry, delta, one application, VIPs.
 * The `regions` parameter is accepted and ignored (no remote regions, spec §3.18).
 */
@Controller(EUREKA_API_PATHS)
export class ApplicationsController {
  constructor(
    private readonly responder: CachedReadResponder,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {}

  @Get('apps')
  getApplications(@Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    this.responder.respond(res, headers, 'apps', '');
  }

  @Get('apps/delta')
  getDelta(@Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
    if (this.options.disableDelta) return sendEmpty(res, 403);
    this.responder.respond(res, headers, 'delta', '');
  }

  @Get('apps/:app')
  getApplication(@Param('app') app: string, @Headers() headers: ReadHeaders, @Res() res: RawResponse): void {
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
}
