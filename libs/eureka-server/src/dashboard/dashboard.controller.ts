import { Controller, Get, Inject, Param, Post, Query, Req, Res, SetMetadata, Type } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { ResolvedAuth } from '../auth/resolve-auth-options';
import { Clock } from '../clock/clock';
import { normalizeDashboardPath } from '../config/dashboard-path.option';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { EUREKA_SERVER_AUTH } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { InstanceRegistry } from '../registry/instance-registry';
import { PeerReplication } from '../replication/peer-replication.service';
import { listeningPort } from '../status/server-identity';
import { RawResponse, sendRaw } from '../web/raw-response';
import { upperCaseAppName } from '../web/route-paths';
import { DASHBOARD_ACTIONS, DashboardActionName, DashboardLinks } from './dashboard-path';
import { findRouteConflicts, routeConflictMessage } from './dashboard-route-conflicts';
import { crossOriginRefusal, performDashboardAction } from './dashboard.actions';
import { DASHBOARD_ASSETS } from './dashboard.assets';
import { parseFilter } from './dashboard.filter';
import { renderConfirm, renderInstance, renderInstanceNotFound, renderLastn } from './dashboard.instance-pages';
import { buildInstance, buildLastn } from './dashboard.instance-view';
import { PageFrame } from './dashboard.layout';
import { renderHome } from './dashboard.pages';
import { DashboardSources, buildOverview } from './dashboard.view';
import { OverviewCache } from './overview.cache';

const DASHBOARD_BUSY = 'The dashboard is busy: it renders the registry within a time budget so that clients are never slowed. Retry in a second.';

/**
 * Metadata key set on every dashboard action handler (value: the action name), so an
 * authentication guard (global or added here with `@UseGuards`) can recognise the writes:
 * `reflector.get(DASHBOARD_ACTION_METADATA, context.getHandler())`.
 */
export const DASHBOARD_ACTION_METADATA = 'EUREKA_SERVER:DASHBOARD_ACTION';
const DashboardAction = (name: DashboardActionName) => SetMetadata(DASHBOARD_ACTION_METADATA, name);

const DEFAULT_REFRESH_SECONDS = 10;
const MAX_REFRESH_SECONDS = 3600;

/** Locked down: the page loads only its own script, style and images, and cannot be framed. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};
const HTML_HEADERS = {
  ...COMMON_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
};
const JSON_HEADERS = { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' };

type QueryObject = Record<string, unknown>;

interface DashboardRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

function header(req: DashboardRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryString(query: QueryObject | undefined, name: string): string | undefined {
  const value = query?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The dashboard (Spring's `EurekaController`, plus what its users asked for): HTML pages, their
 * data as JSON, its static assets, and three actions. Reads compute from the registry on the
 * request; nothing here touches the registry's hot paths or keeps state.
 *
 * Actions are one POST handler each, never a GET, each marked with `DASHBOARD_ACTION_METADATA`,
 * so an authentication guard can protect exactly them. Without `auth` they are open (the page
 * says so); with it they need the `dashboard` and `write` roles. Browsers posting from other
 * sites are refused (`crossOriginRefusal`).
 *
 * The routes are relative: `EurekaServerModule` mounts a subclass of this per module instance
 * at `dashboardPath` (see `createDashboardController`).
 */
export class DashboardController {
  private readonly links: DashboardLinks;
  private readonly overviews = new OverviewCache();
  /** Changes the registry applied: part of the overview cache's stamp. */
  private changes = 0;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly replication: PeerReplication,
    private readonly clock: Clock,
    private readonly options: EurekaServerOptions,
    private readonly actionsOpen = true,
    private readonly adapterHost?: HttpAdapterHost,
  ) {
    this.links = new DashboardLinks(options.dashboardPath);
    registry.onChange(() => void this.changes++);
  }

  // ---- pages --------------------------------------------------------------------------------------

  @Get()
  home(@Query() query: QueryObject, @Res() res: RawResponse): void {
    const filter = parseFilter(query);
    // Only values the page knows reach it (and the cache key): an action's notice, a refresh period.
    const rawNotice = queryString(query, 'notice');
    const notice = rawNotice !== undefined && (DASHBOARD_ACTIONS as readonly string[]).includes(rawNotice) ? rawNotice : undefined;
    const rawRefresh = queryString(query, 'refresh');
    // As the page reads it (clamped, no leading zeros): at most MAX_REFRESH_SECONDS + 1 cache keys.
    const refreshParam = rawRefresh !== undefined && /^\d{1,4}$/.test(rawRefresh) ? String(Math.min(Number(rawRefresh), MAX_REFRESH_SECONDS)) : undefined;
    const key = `html\u0000${OverviewCache.filterKey(filter)}\u0000${notice ?? ''}\u0000${refreshParam ?? ''}`;
    const page = this.overview(key, () => {
      const jsonQuery = new URLSearchParams();
      if (filter.q) jsonQuery.set('q', filter.q);
      if (filter.status) jsonQuery.set('status', filter.status);
      if (filter.zone) jsonQuery.set('zone', filter.zone);
      const json = this.links.overviewJson() + (jsonQuery.size > 0 ? `?${jsonQuery}` : '');
      return renderHome(buildOverview(this.sources(), filter), this.frame(query), { notice, refreshParam, jsonHref: json });
    });
    if (page === undefined) return sendRaw(res, 503, { ...HTML_HEADERS, 'retry-after': '1' }, DASHBOARD_BUSY);
    sendRaw(res, 200, HTML_HEADERS, page);
  }

  @Get('lastn')
  lastn(@Query() query: QueryObject, @Res() res: RawResponse): void {
    sendRaw(res, 200, HTML_HEADERS, renderLastn(buildLastn(this.sources()), this.frame(query)));
  }

  @Get('dashboard/instance/:app/:id')
  instance(@Param('app') app: string, @Param('id') id: string, @Query() query: QueryObject, @Res() res: RawResponse): void {
    const appName = upperCaseAppName(app);
    const view = buildInstance(this.sources(), appName, id);
    const notice = queryString(query, 'notice');
    if (!view) return sendRaw(res, 404, HTML_HEADERS, renderInstanceNotFound(this.frame(query), appName, id, notice));
    sendRaw(res, 200, HTML_HEADERS, renderInstance(view, this.frame(query), notice));
  }

  // ---- the same data as JSON ------------------------------------------------------------------

  /** The home page's data; `limit` (default 2000, at most 10000) bounds the instance ids listed. */
  @Get('dashboard/api/overview')
  overviewJson(@Query() query: QueryObject, @Res() res: RawResponse): void {
    const filter = parseFilter(query);
    const body = this.overview(`json\u0000${OverviewCache.filterKey(filter)}`, () => JSON.stringify(buildOverview(this.sources(), filter)));
    if (body === undefined) return sendRaw(res, 503, { ...JSON_HEADERS, 'retry-after': '1' }, JSON.stringify({ error: DASHBOARD_BUSY }));
    sendRaw(res, 200, JSON_HEADERS, body);
  }

  /** At most 1000 entries each (the registry keeps no more). */
  @Get('dashboard/api/lastn')
  lastnJson(@Res() res: RawResponse): void {
    sendRaw(res, 200, JSON_HEADERS, JSON.stringify(buildLastn(this.sources())));
  }

  @Get('dashboard/api/instance/:app/:id')
  instanceJson(@Param('app') app: string, @Param('id') id: string, @Res() res: RawResponse): void {
    const view = buildInstance(this.sources(), upperCaseAppName(app), id);
    if (!view) return sendRaw(res, 404, JSON_HEADERS, JSON.stringify({ error: 'instance not registered', app: upperCaseAppName(app), id }));
    sendRaw(res, 200, JSON_HEADERS, JSON.stringify(view));
  }

  // ---- assets -----------------------------------------------------------------------------------

  @Get('dashboard/assets/:name')
  asset(@Param('name') name: string, @Query() query: QueryObject, @Res() res: RawResponse): void {
    const found = Object.prototype.hasOwnProperty.call(DASHBOARD_ASSETS, name) ? DASHBOARD_ASSETS[name] : undefined;
    if (!found) return sendRaw(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'not found');
    const versioned = queryString(query, 'v') === found.version;
    sendRaw(
      res,
      200,
      {
        'content-type': found.contentType,
        'x-content-type-options': 'nosniff',
        'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      found.body,
    );
  }

  // ---- actions: one POST handler each -----------------------------------------------------------

  @Post('dashboard/actions/:app/:id/out-of-service')
  @DashboardAction('out-of-service')
  takeOutOfService(@Param('app') app: string, @Param('id') id: string, @Req() req: DashboardRequest, @Res() res: RawResponse): void {
    this.act('out-of-service', app, id, req, res);
  }

  @Post('dashboard/actions/:app/:id/clear-override')
  @DashboardAction('clear-override')
  clearOverride(@Param('app') app: string, @Param('id') id: string, @Req() req: DashboardRequest, @Res() res: RawResponse): void {
    this.act('clear-override', app, id, req, res);
  }

  @Post('dashboard/actions/:app/:id/deregister')
  @DashboardAction('deregister')
  deregister(@Param('app') app: string, @Param('id') id: string, @Req() req: DashboardRequest, @Res() res: RawResponse): void {
    this.act('deregister', app, id, req, res);
  }

  /**
   * JSON (or body-less) requests act at once and answer JSON; an HTML form post acts only with
   * `confirmed=yes` (else it gets a confirmation page) and then redirects (303) back.
   */
  private act(action: DashboardActionName, rawApp: string, id: string, req: DashboardRequest, res: RawResponse): void {
    const app = upperCaseAppName(rawApp);
    const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    const isForm = contentType === 'application/x-www-form-urlencoded';
    const refusal = crossOriginRefusal({
      origin: header(req, 'origin'),
      host: header(req, 'host'),
      'sec-fetch-site': header(req, 'sec-fetch-site'),
    });
    if (refusal) {
      return isForm
        ? sendRaw(res, 403, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, refusal)
        : sendRaw(res, 403, JSON_HEADERS, JSON.stringify({ ok: false, message: refusal }));
    }
    if (!isForm && contentType !== '' && contentType !== 'application/json') {
      return sendRaw(res, 415, JSON_HEADERS, JSON.stringify({ ok: false, message: 'send application/json or a form' }));
    }
    if (isForm) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.confirmed !== 'yes') return sendRaw(res, 200, HTML_HEADERS, renderConfirm(this.frame(undefined), app, id, action));
    }
    const outcome = performDashboardAction(this.registry, action, app, id);
    const redirect =
      action === 'deregister'
        ? this.links.home({ notice: action })
        : `${this.links.instance(app, id)}?notice=${action}`;
    if (!isForm) {
      const status = this.registry.leasesOf(app)?.get(id)?.holder.status;
      const body = { ok: outcome.ok, action, app, id, message: outcome.message, status: status ?? null, redirect: outcome.ok && action === 'deregister' ? redirect : undefined };
      return sendRaw(res, outcome.code, JSON_HEADERS, JSON.stringify(body));
    }
    if (!outcome.ok) return sendRaw(res, 404, HTML_HEADERS, renderInstanceNotFound(this.frame(undefined), app, id));
    sendRaw(res, 303, { ...COMMON_HEADERS, location: redirect }, '');
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A rendered overview within the dashboard's time budget (`OverviewCache`); undefined: busy. */
  private overview(key: string, render: () => string): string | undefined {
    const r = this.registry;
    const stamp = `${this.changes}|${Math.round(r.renewsPerMinute())}|${r.selfPreservation.numberOfRenewsPerMinThreshold}|${r.isLeaseExpirationEnabled()}|${r.renewalsJudged()}`;
    return this.overviews.get(key, stamp, render);
  }

  private sources(): DashboardSources {
    return {
      registry: this.registry,
      peers: () => this.replication.peers.map((node) => node.stats()),
      options: this.options,
      now: this.clock.now(),
      port: listeningPort(this.adapterHost),
    };
  }

  /** `?refresh=N` sets the auto-refresh period in seconds (0 = off); default 10. */
  private frame(query: QueryObject | undefined): PageFrame {
    const raw = queryString(query, 'refresh');
    const n = raw === undefined ? NaN : Number(raw);
    const refreshSeconds = Number.isFinite(n) && n >= 0 ? Math.min(Math.floor(n), MAX_REFRESH_SECONDS) : DEFAULT_REFRESH_SECONDS;
    return { links: this.links, refreshSeconds, actionsOpen: this.actionsOpen };
  }
}

/** Handler names of every route above (what a disabled dashboard hides). */
const ROUTE_HANDLERS = [
  'home',
  'lastn',
  'instance',
  'overviewJson',
  'lastnJson',
  'instanceJson',
  'asset',
  'takeOutOfService',
  'clearOverride',
  'deregister',
] as const satisfies ReadonlyArray<keyof DashboardController>;

/**
 * A dashboard controller class of its own for one `EurekaServerModule.forRoot/forRootAsync`
 * call. Its path comes from the resolved options, which exist only once the module's providers
 * are built (forRootAsync), so the constructor sets it: Nest instantiates controllers before it
 * registers routes and reads the path then. With `dashboardEnabled: false` the subclass shadows
 * every route handler with an undecorated method, so no route is registered at all (an
 * application's own `/` stays its own). With the dashboard on, a route of another controller at
 * one of its paths stops the start with an error naming `dashboardPath`.
 */
export function createDashboardController(): Type<DashboardController> {
  @Controller()
  class EurekaDashboardController extends DashboardController {
    constructor(
      registry: InstanceRegistry,
      replication: PeerReplication,
      clock: Clock,
      @InjectServerOptions() options: EurekaServerOptions,
      @Inject(EUREKA_SERVER_AUTH) auth: ResolvedAuth | null,
      modules: ModulesContainer,
      adapterHost: HttpAdapterHost,
    ) {
      super(registry, replication, clock, options, auth === null, adapterHost);
      Controller(normalizeDashboardPath(options.dashboardPath))(EurekaDashboardController);
      if (options.dashboardEnabled) {
        // Controllers are built before any route is registered: a clash found now stops the start with
        // a message naming `dashboardPath`, instead of Fastify's "already declared" or Express hiding one.
        const conflict = findRouteConflicts(modules, EurekaDashboardController)[0];
        if (conflict) throw new Error(routeConflictMessage(options.dashboardPath, conflict));
      } else {
        for (const name of ROUTE_HANDLERS) {
          Object.defineProperty(EurekaDashboardController.prototype, name, {
            value: function dashboardDisabled(): void {},
            configurable: true,
            writable: true,
          });
        }
      }
    }
  }
  return EurekaDashboardController;
}
