import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Logger,
  OnModuleDestroy,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { RawResponse, setResponseHeader } from '../web/raw-response';
import { LimitViolationLog, clientAddressOf } from '../limits/limit-violation.log';
import { AuthFailure, AuthOutcome, Authenticator } from './authenticator';
import { ConnectionCredentials, socketOf } from './connection-credentials';
import { FailedLoginLog } from './failed-login.log';
import { Principal, ResolvedAuth } from './resolve-auth-options';
import { EUREKA_ROUTE_GROUP, RouteGroup, describeRoles, requiredRoles } from './route-groups';

interface AuthRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const FAILURE_TEXT: Record<AuthFailure | 'missing', string> = {
  missing: 'credentials are required (HTTP basic or bearer)',
  malformed: 'the Authorization header is malformed',
  'unknown-scheme': 'the Authorization scheme is not supported (use Basic or Bearer)',
  'bad-credentials': 'the credentials are not valid',
  busy: 'too many first-time logins are being checked; retry shortly',
  throttled: 'too many failed authentications from this address; retry later',
};

/**
 * Authenticates and authorises every request to the server's routes when `auth` is configured
 * (it is not installed otherwise, so an open server pays nothing). Missing or wrong credentials:
 * 401 with a `WWW-Authenticate` challenge (browsers prompt on the dashboard); a principal
 * without the route's role: 403 naming the role. Never a redirect, no session, no cookie, so no
 * CSRF token either: API clients send their credentials with each request. Wrong credentials are
 * logged per client address and minute (`FailedLoginLog`: count and last user name, never a
 * secret); an address over its failure budget gets 429 with `Retry-After`, unchecked. Requests
 * without credentials, and 403s, are logged once per address.
 */
export class EurekaAuthGuard implements CanActivate, OnModuleDestroy {
  private readonly authenticator: Authenticator;
  private readonly connections = new ConnectionCredentials();
  private readonly challenge: string;
  private readonly log: LimitViolationLog;
  private readonly failures: FailedLoginLog;

  constructor(
    private readonly auth: ResolvedAuth,
    logger: Pick<Logger, 'warn'> = new Logger('EurekaServerAuth'),
    now: () => number = Date.now,
  ) {
    this.authenticator = new Authenticator(auth, now);
    this.challenge = auth.users.size > 0 ? `Basic realm="${auth.realm}", charset="UTF-8"` : `Bearer realm="${auth.realm}"`;
    this.log = new LimitViolationLog(logger);
    this.failures = new FailedLoginLog(logger, now);
  }

  onModuleDestroy(): void {
    this.failures.close();
    this.authenticator.throttle.close();
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthRequest>();
    const group = Reflect.getMetadata(EUREKA_ROUTE_GROUP, context.getClass()) as RouteGroup;
    const required = requiredRoles(group, req.method, req.headers);
    const header = req.headers.authorization;
    if (typeof header !== 'string' || header.length === 0) {
      if ((this.auth.anonymous & required) === required) return true;
      return this.refuse(req, http.getResponse<RawResponse>(), 'missing');
    }
    const socket = socketOf(req);
    const known = this.connections.lookup(socket, header);
    if (known !== undefined) return this.decide(known, required, req, http.getResponse<RawResponse>());
    const outcome = this.authenticator.authenticate(header, clientAddressOf(req) ?? 'unknown');
    if (outcome instanceof Promise) return outcome.then((o) => this.decide(o, required, req, http.getResponse<RawResponse>(), socket, header));
    return this.decide(outcome, required, req, http.getResponse<RawResponse>(), socket, header);
  }

  private decide(outcome: AuthOutcome, required: number, req: AuthRequest, res: RawResponse, socket?: object, header?: string): boolean {
    if (typeof outcome === 'string') return this.refuse(req, res, outcome, header);
    if (header !== undefined) this.connections.remember(socket, header, outcome);
    const held = outcome.roles | this.auth.anonymous;
    if ((held & required) === required) return true;
    return this.forbid(req, outcome, required & ~held);
  }

  private refuse(req: AuthRequest, res: RawResponse, why: AuthFailure | 'missing', header?: string): never {
    const address = clientAddressOf(req) ?? 'unknown';
    if (why === 'missing') this.log.report(address, `401 on ${req.method} ${pathOf(req.url)}: ${FAILURE_TEXT[why]}`);
    else if (why !== 'busy' && why !== 'throttled') this.failures.record(address, claimedUser(header), `${FAILURE_TEXT[why]} on ${req.method} ${pathOf(req.url)}`);
    if (why === 'throttled') {
      setResponseHeader(res, 'retry-after', String(this.authenticator.retryAfterSeconds(address)));
      throw new HttpException(FAILURE_TEXT.throttled, HttpStatus.TOO_MANY_REQUESTS);
    }
    if (why === 'busy') {
      setResponseHeader(res, 'retry-after', '1');
      throw new ServiceUnavailableException(FAILURE_TEXT.busy);
    }
    setResponseHeader(res, 'www-authenticate', this.challenge);
    throw new UnauthorizedException(FAILURE_TEXT[why]);
  }

  private forbid(req: AuthRequest, principal: Principal, missing: number): never {
    const message = `"${principal.name}" lacks the ${describeRoles(missing)} role for ${req.method} ${pathOf(req.url)}`;
    this.log.report(clientAddressOf(req), `403: ${message}`);
    throw new ForbiddenException(message);
  }
}

/** The user name a Basic header claims (never its password); a bearer token is not named. */
function claimedUser(header: string | undefined): string {
  if (!header) return '';
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  if (scheme === 'bearer') return '(a bearer token)';
  if (scheme !== 'basic') return '(no user name)';
  const decoded = Buffer.from(header.slice(space + 1).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '(no user name)' : decoded.slice(0, colon);
}

/** The path without the query (which may carry values not meant for logs). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
