import { ExecutionContext, ForbiddenException, HttpException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { EurekaAuthGuard } from './eureka-auth.guard';
import { resolveAuthOptions } from './resolve-auth-options';
import { EUREKA_ROUTE_GROUP, RouteGroup } from './route-groups';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function context(group: RouteGroup, method: string, url: string, headers: Record<string, string>, address = '10.0.0.7', socket: object = { remoteAddress: address }) {
  class Target {}
  Reflect.defineMetadata(EUREKA_ROUTE_GROUP, group, Target);
  const setHeaders: Record<string, string> = {};
  const req = { method, url, headers, socket };
  const res = { status: () => res, setHeader: (n: string, v: string) => (setHeaders[n] = v) };
  const ctx = {
    getClass: () => Target,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, setHeaders };
}

async function outcome(guard: EurekaAuthGuard, ...args: Parameters<typeof context>) {
  const { ctx, setHeaders } = context(...args);
  try {
    return { allowed: await guard.canActivate(ctx), setHeaders };
  } catch (error) {
    return { error: error as HttpException, setHeaders };
  }
}

describe('EurekaAuthGuard', () => {
  const warnings: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m) };
  const guard = new EurekaAuthGuard(
    resolveAuthOptions({ users: [{ username: 'app', password: 'app-secret', roles: ['read', 'write'] }, { username: 'viewer', password: 'viewer-secret', roles: ['dashboard'] }] })!,
    logger,
  );
  beforeEach(() => warnings.splice(0));

  it('lets a user with the role through', async () => {
    expect((await outcome(guard, 'api', 'PUT', '/eureka/apps/A/1', { authorization: basic('app', 'app-secret') })).allowed).toBe(true);
  });

  it('401 with a basic challenge without credentials; logs once per address, never the query', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await outcome(guard, 'api', 'GET', '/eureka/apps?token=hidden', {});
      expect(r.error).toBeInstanceOf(UnauthorizedException);
      expect(r.setHeaders['www-authenticate']).toBe('Basic realm="eureka", charset="UTF-8"');
    }
    expect(warnings).toEqual([
      'request from 10.0.0.7 rejected: 401 on GET /eureka/apps: credentials are required (HTTP basic or bearer) (further violations from this address are not logged)',
    ]);
  });

  it('403 naming the principal and the missing role; the log has no secret', async () => {
    const r = await outcome(guard, 'dashboard', 'POST', '/dashboard/actions/A/1/deregister', { authorization: basic('viewer', 'viewer-secret') }, '10.0.0.8');
    expect(r.error).toBeInstanceOf(ForbiddenException);
    expect(r.error!.message).toBe('"viewer" lacks the "write" role for POST /dashboard/actions/A/1/deregister');
    const wrong = await outcome(guard, 'api', 'GET', '/eureka/apps', { authorization: basic('app', 'not-app-secret') }, '10.0.0.9');
    expect(wrong.error).toBeInstanceOf(UnauthorizedException);
    expect(wrong.error!.message).toBe('the credentials are not valid');
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).not.toMatch(/secret/);
  });

  it('a replicated write needs the replicate role even from a writer', async () => {
    const r = await outcome(guard, 'api', 'POST', '/eureka/apps/A', { authorization: basic('app', 'app-secret'), 'x-netflix-discovery-replication': 'true' });
    expect(r.error!.message).toBe('"app" lacks the "replicate" role for POST /eureka/apps/A');
  });

  it('a keep-alive connection repeating a verified header is not checked again; another connection is', async () => {
    const counting = new EurekaAuthGuard(resolveAuthOptions({ users: [{ username: 'u', password: 'p', roles: ['read'] }] })!, logger);
    const authenticator = (counting as unknown as { authenticator: { authenticate: (h: string) => unknown } }).authenticator;
    const original = authenticator.authenticate.bind(authenticator);
    let calls = 0;
    authenticator.authenticate = (h: string) => ((calls += 1), original(h));
    const socket = { remoteAddress: '10.0.0.1' };
    const header = { authorization: basic('u', 'p') };
    for (let i = 0; i < 5; i++) expect((await outcome(counting, 'api', 'GET', '/eureka/apps', header, '10.0.0.1', socket)).allowed).toBe(true);
    expect(calls).toBe(1);
    // the same connection, other credentials: checked (and refused)
    expect((await outcome(counting, 'api', 'GET', '/eureka/apps', { authorization: basic('u', 'q') }, '10.0.0.1', socket)).error).toBeInstanceOf(UnauthorizedException);
    expect(calls).toBe(2);
    // roles still apply to a remembered principal
    expect((await outcome(counting, 'api', 'PUT', '/eureka/apps/A/1', header, '10.0.0.1', socket)).error).toBeInstanceOf(ForbiddenException);
    expect((await outcome(counting, 'api', 'GET', '/eureka/apps', header, '10.0.0.2')).allowed).toBe(true);
    expect(calls).toBe(3);
  });

  it('busy hash checks answer 503 with Retry-After', async () => {
    const busy = new EurekaAuthGuard(resolveAuthOptions({ users: [{ username: 'u', password: 'p' }] })!, logger);
    (busy as unknown as { authenticator: { authenticate: () => string } }).authenticator.authenticate = () => 'busy';
    const r = await outcome(busy, 'api', 'GET', '/eureka/apps', { authorization: basic('u', 'p') });
    expect(r.error).toBeInstanceOf(ServiceUnavailableException);
    expect(r.setHeaders['retry-after']).toBe('1');
  });
});
