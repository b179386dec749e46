import { RequestMethod, Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

// Nest's own metadata keys (PATH_METADATA, METHOD_METADATA, HOST_METADATA, VERSION_METADATA in
// @nestjs/common/constants; MODULE_PATH in @nestjs/common), stable since Nest 8.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const HOST_METADATA = 'host';
const VERSION_METADATA = '__version__';
const MODULE_PATH_PREFIX = '__module_path__';

/** One route a controller declares: its method and full path (`:param` segments written `:`). */
export interface DeclaredRoute {
  method: RequestMethod;
  path: string;
  owner: string;
}

/**
 * The routes `controller` declares, each controller path joined with each handler path. A controller
 * bound to a host or a version, and a versioned handler, declare none here: their real paths depend on
 * the request or the versioning setup, so they are left out rather than reported wrongly.
 */
export function declaredRoutes(controller: Type<unknown>, scanner = new MetadataScanner()): DeclaredRoute[] {
  if (Reflect.getMetadata(HOST_METADATA, controller) !== undefined || Reflect.getMetadata(VERSION_METADATA, controller) !== undefined) return [];
  const bases = asList(Reflect.getMetadata(PATH_METADATA, controller));
  const routes: DeclaredRoute[] = [];
  for (const name of scanner.getAllMethodNames(controller.prototype)) {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined || Reflect.getMetadata(VERSION_METADATA, handler) !== undefined) continue;
    for (const base of bases) {
      for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
        routes.push({ method, path: joinPath(base, path), owner: `${controller.name}.${name}` });
      }
    }
  }
  return routes;
}

/**
 * Routes of `own` that another controller of the application also declares, with the same
 * method (GET also meets HEAD, and ALL meets everything) and the same path. On Fastify such a
 * pair stops the application at start ("Method 'GET' already declared for route '/'"); on Express
 * the first one registered silently hides the other. Overlaps through wildcards or a `:param` against
 * a literal segment are not reported: both adapters route those by their own precedence.
 */
export function findRouteConflicts(modules: ModulesContainer, own: Type<unknown>): Array<[DeclaredRoute, DeclaredRoute]> {
  const scanner = new MetadataScanner();
  const mine = declaredRoutes(own, scanner);
  const conflicts: Array<[DeclaredRoute, DeclaredRoute]> = [];
  for (const module of modules.values()) {
    // A module mounted under a path (RouterModule) puts its routes elsewhere: left out.
    if (hasModulePath(module.metatype)) continue;
    for (const wrapper of module.controllers.values()) {
      const other = wrapper.metatype as Type<unknown> | null | undefined;
      if (!other || other === own || typeof other !== 'function') continue;
      for (const theirs of declaredRoutes(other, scanner)) {
        const clash = mine.find((route) => route.path === theirs.path && methodsMeet(route.method, theirs.method));
        if (clash) conflicts.push([clash, theirs]);
      }
    }
  }
  return conflicts;
}

function hasModulePath(metatype: unknown): boolean {
  if (typeof metatype !== 'function') return false;
  return Reflect.getMetadataKeys(metatype).some((key) => typeof key === 'string' && key.startsWith(MODULE_PATH_PREFIX));
}

function methodsMeet(a: RequestMethod, b: RequestMethod): boolean {
  if (a === b || a === RequestMethod.ALL || b === RequestMethod.ALL) return true;
  const pair = new Set([a, b]);
  return pair.has(RequestMethod.GET) && pair.has(RequestMethod.HEAD);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [''] : value.map(String);
  return [typeof value === 'string' ? value : ''];
}

/** `'/a/'` + `':id'` -> `/a/:`; `''` + `''` -> `/`. */
function joinPath(base: string, path: string): string {
  const segments = `${base}/${path}`.split('/').filter((s) => s !== '');
  return `/${segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/')}`;
}

/** The start-up error for the first conflict, naming both routes and the options that avoid it. */
export function routeConflictMessage(dashboardPath: string, [mine, theirs]: [DeclaredRoute, DeclaredRoute]): string {
  return (
    `EurekaServerModule: the dashboard (dashboardPath ${JSON.stringify(dashboardPath)}) would serve ` +
    `${RequestMethod[mine.method]} ${mine.path}, which ${theirs.owner} already declares (${RequestMethod[theirs.method]} ${theirs.path}). ` +
    `Set dashboardPath to a path of its own (e.g. dashboardPath: '/eureka-dashboard') or dashboardEnabled: false.`
  );
}
