import { Controller, Delete, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { InstanceStatus } from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { LimitViolationLog, clientAddressOf } from '../limits/limit-violation.log';
import { checkMetadataUpdateLimits } from '../limits/registration-limits';
import { InstanceRegistry } from '../registry/instance-registry';
import { isReplication } from '../web/content-negotiation';
import { sendInstance } from './instance-encoding';
import { RawResponse, TEXT_PLAIN, sendEmpty, sendRaw } from '../web/raw-response';
import { RegistrationHandler } from './registration.handler';
import { BodyCarrier } from '../web/request-body.reader';
import { InvalidParameterError, parseOptionalStatus, parseStatusParam, parseTimestampParam } from '../web/request-params';
import { upperCaseAppName } from '../web/route-paths';

type Query = Record<string, unknown>;

const REPLICATION_HEADER = 'x-netflix-discovery-replication';

/**
 * Writes and uncached reads of one instance (spec §3.4-3.10). Bad query parameters, which the
 * reference answers with an empty 500, get a 400 naming the parameter, checked before anything
 * changes.
 */
@Controller(EUREKA_API_PATHS)
export class InstanceController {
  /** Limit violations of metadata updates, logged once per client address. */
  private readonly violations = new LimitViolationLog();

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly registration: RegistrationHandler,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {}

  @Post('apps/:app')
  async register(
    @Param('app') app: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers(REPLICATION_HEADER) replication: string | undefined,
    @Req() req: BodyCarrier,
    @Res() res: RawResponse,
  ): Promise<void> {
    await this.registration.handle(upperCaseAppName(app), contentType, isReplication(replication), req, res);
  }

  @Get('apps/:app/:id')
  getInstance(
    @Param('app') app: string,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Res() res: RawResponse,
  ): void {
    const lease = this.registry.getVisibleLease(upperCaseAppName(app), id);
    if (!lease) return sendEmpty(res, 404);
    sendInstance(res, 200, accept, lease);
  }

  /** Heartbeat: the hot path. No body, no encoding unless a replication conflict (409). */
  @Put('apps/:app/:id')
  renew(
    @Param('app') app: string,
    @Param('id') id: string,
    @Query() query: Query,
    @Headers(REPLICATION_HEADER) replication: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() res: RawResponse,
  ): void {
    guarded(res, () => {
      const lastDirty = parseTimestampParam('lastDirtyTimestamp', query.lastDirtyTimestamp);
      const fromPeer = isReplication(replication);
      const overridden = fromPeer ? parseOptionalStatus(query.overriddenstatus) : undefined;
      const outcome = this.registry.renewWithTimestamp(upperCaseAppName(app), id, fromPeer, lastDirty, overridden);
      if (outcome.code === 409) return sendInstance(res, 409, accept, outcome.lease);
      sendEmpty(res, outcome.code);
    });
  }

  @Delete('apps/:app/:id')
  cancel(
    @Param('app') app: string,
    @Param('id') id: string,
    @Headers(REPLICATION_HEADER) replication: string | undefined,
    @Res() res: RawResponse,
  ): void {
    const found = this.registry.cancel(upperCaseAppName(app), id, isReplication(replication));
    sendEmpty(res, found ? 200 : 404);
  }

  @Put('apps/:app/:id/status')
  setStatus(
    @Param('app') app: string,
    @Param('id') id: string,
    @Query() query: Query,
    @Headers(REPLICATION_HEADER) replication: string | undefined,
    @Res() res: RawResponse,
  ): void {
    guarded(res, () => {
      const status = parseStatusParam('value', query.value);
      const lastDirty = parseTimestampParam('lastDirtyTimestamp', query.lastDirtyTimestamp);
      const found = this.registry.statusUpdate(upperCaseAppName(app), id, status, lastDirty, isReplication(replication));
      sendEmpty(res, found ? 200 : 404);
    });
  }

  @Delete('apps/:app/:id/status')
  deleteStatusOverride(
    @Param('app') app: string,
    @Param('id') id: string,
    @Query() query: Query,
    @Headers(REPLICATION_HEADER) replication: string | undefined,
    @Res() res: RawResponse,
  ): void {
    guarded(res, () => {
      const fallback = parseStatusParam('value', query.value, InstanceStatus.UNKNOWN);
      const lastDirty = parseTimestampParam('lastDirtyTimestamp', query.lastDirtyTimestamp);
      const found = this.registry.deleteStatusOverride(
        upperCaseAppName(app),
        id,
        fallback,
        lastDirty,
        isReplication(replication),
      );
      sendEmpty(res, found ? 200 : 404);
    });
  }

  /**
   * Every query parameter becomes a metadata entry; the first value of a repeated key wins. The
   * merged metadata must keep to `maxMetadataEntries` and each key and value to `maxFieldLength`
   * (400 naming the limit and the field, nothing changed), as a registration must.
   */
  @Put('apps/:app/:id/metadata')
  updateMetadata(@Param('app') app: string, @Param('id') id: string, @Query() query: Query, @Res() res: RawResponse): void {
    guarded(res, () => {
      const entries: Array<[string, string]> = [];
      for (const key of Object.keys(query)) {
        const raw = query[key];
        const value = Array.isArray(raw) ? raw[0] : raw;
        if (typeof value !== 'string') {
          throw new InvalidParameterError(key, 'metadata values must be plain query parameter strings');
        }
        entries.push([key, value]);
      }
      const appName = upperCaseAppName(app);
      const lease = this.registry.getVisibleLease(appName, id);
      if (!lease) return sendEmpty(res, 404);
      const violation = checkMetadataUpdateLimits(lease.holder.metadata, entries, this.options);
      if (violation) {
        this.violations.report(clientAddressOf(res), violation.message);
        return sendRaw(res, 400, TEXT_PLAIN, violation.message);
      }
      const found = this.registry.updateMetadata(appName, id, entries);
      sendEmpty(res, found ? 200 : 404);
    });
  }
}

function guarded(res: RawResponse, action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidParameterError) return sendRaw(res, 400, TEXT_PLAIN, error.message);
    throw error;
  }
}
