import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { RawResponse, setResponseHeader } from '../http/raw-response';
import { LimitViolationLog, clientAddressOf } from '../limits/limit-violation.log';
import { AuthFailure, AuthOutcome, Authenticator } from './authenticator';
import { ConnectionCredentials, socketOf } from './connection-credentials';
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
};

/**
 * Authenticates and authorises every request to the server's routes when `auth` is configured
 * (it is not installed otherwise, so an open server pays nothing). Missing or wrong credentials:
 * 401 with a `WWW-Authenticate` challenge (browsers prompt on the dashboard); a principal
 * without the route's role: 403 naming the role. Never a redirect, no session, no cookie, so no
 * CSRF token either: API clients send their credentials with each request. Failures are logged
 * once per client address, without the credentials.
 */
export class EurekaAuthGuard implements CanActivate {
  private readonly authenticator: Authenticator;
  private readonly connections = new ConnectionCredentials();
  private readonly challenge: string;
  private readonly log: LimitViolationLog;

  constructor(
    private readonly auth: ResolvedAuth,
    logger: Pick<Logger, 'warn'> = new Logger('EurekaServerAuth'),
  ) {
    this.authenticator = new Authenticator(auth);
    this.challenge = auth.users.size > 0 ? `Basic realm="${auth.realm}", charset="UTF-8"` : `Bearer realm="${auth.realm}"`;
    this.log = new LimitViolationLog(logger);
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
    const outcome = this.authenticator.authenticate(header);
    if (outcome instanceof Promise) return outcome.then((o) => this.decide(o, required, req, http.getResponse<RawResponse>(), socket, header));
    return this.decide(outcome, required, req, http.getResponse<RawResponse>(), socket, header);
  }

  private decide(outcome: AuthOutcome, required: number, req: AuthRequest, res: RawResponse, socket?: object, header?: string): boolean {
    if (typeof outcome === 'string') return this.refuse(req, res, outcome);
    if (header !== undefined) this.connections.remember(socket, header, outcome);
    const held = outcome.roles | this.auth.anonymous;
    if ((held & required) === required) return true;
    return this.forbid(req, outcome, required & ~held);
  }

  private refuse(req: AuthRequest, res: RawResponse, why: AuthFailure | 'missing'): never {
    this.log.report(clientAddressOf(req), `401 on ${req.method} ${pathOf(req.url)}: ${FAILURE_TEXT[why]}`);
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

/** The path without the query (which may carry values not meant for logs). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
