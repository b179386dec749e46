/**
 * Embedding `EurekaServerModule` in an application that has routes of its own: a clash with the
 * dashboard stops the start with an error naming `dashboardPath` (Fastify would otherwise crash on
 * "already declared", Express would silently hide one of the two); moved or disabled, both work.
 */
import { Controller, Get, Head, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { EurekaServerModule, EurekaServerModuleOptions } from '@nest-eureka/server';
import { http } from './support/http-client';
import { ADAPTERS, AdapterName } from './support/start-server';

@Controller()
class HomeController {
  @Get()
  home() {
    return { page: 'the application home' };
  }
}

@Controller('ui')
class UiController {
  @Get('lastn')
  lastn() {
    return { page: 'the application lastn' };
  }
}

@Controller()
class HeadOnlyController {
  @Head()
  ping() {
    return '';
  }
}

function create(adapter: AdapterName, controller: Type, options: EurekaServerModuleOptions): Promise<INestApplication> {
  @Module({ imports: [EurekaServerModule.forRoot(options)], controllers: [controller] })
  class AppModule {}
  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }) : new ExpressAdapter();
  return NestFactory.create(AppModule, httpAdapter as never, { logger: false, rawBody: true, abortOnError: false });
}

describe.each(ADAPTERS)('embedding the server beside the application routes (%s)', (adapter) => {
  const apps: INestApplication[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('refuses to start when the application has its own GET / and the dashboard is at /', async () => {
    await expect(create(adapter, HomeController, {})).rejects.toThrow(
      'EurekaServerModule: the dashboard (dashboardPath "/") would serve GET /, which HomeController.home already declares (GET /). ' +
        "Set dashboardPath to a path of its own (e.g. dashboardPath: '/eureka-dashboard') or dashboardEnabled: false.",
    );
  });

  it('names a clash on any dashboard route, and a HEAD route meeting the dashboard GET', async () => {
    await expect(create(adapter, UiController, { dashboardPath: '/ui/' })).rejects.toThrow(/dashboardPath "\/ui\/"\) would serve GET \/ui\/lastn, which UiController.lastn/);
    await expect(create(adapter, HeadOnlyController, {})).rejects.toThrow(/would serve GET \/, which HeadOnlyController.ping already declares \(HEAD \/\)/);
  });

  it('serves both when the dashboard has a path of its own', async () => {
    const app = await create(adapter, HomeController, { dashboardPath: '/eureka-dashboard' });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const base = await baseUrl(app);
    const home = await http('GET', `${base}/`);
    expect({ status: home.status, body: JSON.parse(home.text) }).toEqual({ status: 200, body: { page: 'the application home' } });
    const dashboard = await http('GET', `${base}/eureka-dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('<html');
    expect((await http('GET', `${base}/eureka/apps`, { headers: { Accept: 'application/json' } })).status).toBe(200);
  });

  it('keeps the application / when the dashboard is off', async () => {
    const app = await create(adapter, HomeController, { dashboardEnabled: false });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const home = await http('GET', `${await baseUrl(app)}/`);
    expect(JSON.parse(home.text)).toEqual({ page: 'the application home' });
  });
});

async function baseUrl(app: INestApplication): Promise<string> {
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}

@Controller({ path: '', version: '1' })
class VersionedHomeController {
  @Get()
  home() {
    return { page: 'v1 home' };
  }
}

@Module({ controllers: [HomeController] })
class ApiModule {}

describe('embedding beside routes that are not at the dashboard path', () => {
  it('starts when the application root is versioned or mounted under RouterModule', async () => {
    const { RouterModule } = await import('@nestjs/core');
    const { VersioningType } = await import('@nestjs/common');
    @Module({ imports: [EurekaServerModule.forRoot({}), ApiModule, RouterModule.register([{ path: 'api', module: ApiModule }])] })
    class MountedModule {}
    const mounted = await NestFactory.create(MountedModule, new ExpressAdapter() as never, { logger: false, abortOnError: false });
    await mounted.close();
    @Module({ imports: [EurekaServerModule.forRoot({})], controllers: [VersionedHomeController] })
    class VersionedModule {}
    const versioned = await NestFactory.create(VersionedModule, new ExpressAdapter() as never, { logger: false, abortOnError: false });
    versioned.enableVersioning({ type: VersioningType.URI });
    await versioned.init();
    await versioned.close();
  });
});
