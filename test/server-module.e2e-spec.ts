import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { EUREKA_SERVER_OPTIONS, EurekaServerModule, EurekaServerOptions } from '@nest-eureka/server';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';

@Injectable()
class SettingsService {
  readonly settings: Record<string, unknown> = { disableDelta: true, environment: 'staging' };
}

@Module({ providers: [SettingsService], exports: [SettingsService] })
class SettingsModule {}

async function createApp(factory: (s: SettingsService) => Record<string, unknown>) {
  @Module({
    imports: [
      EurekaServerModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SettingsService],
        useFactory: (s: SettingsService) => factory(s),
      }),
    ],
  })
  class AppModule {}
  return NestFactory.create(AppModule, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), {
    logger: false,
    abortOnError: false,
  });
}

describe('EurekaServerModule.forRootAsync', () => {
  it('takes its options from an injected provider and applies them', async () => {
    const app = await createApp((s) => s.settings);
    await app.listen(0, '127.0.0.1');
    try {
      const options = app.get<EurekaServerOptions>(EUREKA_SERVER_OPTIONS);
      expect(options.disableDelta).toBe(true);
      expect(options.evictionIntervalTimerInMs).toBe(60_000);
      const { port } = app.getHttpServer().address() as { port: number };
      const base = `http://127.0.0.1:${port}/eureka`;
      expect((await http('GET', `${base}/apps/delta`, { headers: { accept: 'application/json' } })).status).toBe(403);
      const status = JSON.parse((await http('GET', `${base}/status`, { headers: { accept: 'application/json' } })).text);
      expect(status.generalStats.environment).toBe('staging');
    } finally {
      await app.close();
    }
  });

  it.each([
    [{ renewalPercentThreshold: 2 }, /renewalPercentThreshold.*between 0 and 1/],
    [{ evictionIntervalTimerInMs: 0 }, /evictionIntervalTimerInMs.*> 0/],
    [{ evictonIntervalTimerInMs: 10 }, /unknown option "evictonIntervalTimerInMs"/],
  ])('refuses to start with %j, naming the option', async (options, message) => {
    await expect(createApp(() => options)).rejects.toThrow(message);
  });
});

describe('registration never answers 500 and never half-applies', () => {
  it('truncations of a valid body and random bytes are all 400 or 415, and nothing is registered', async () => {
    const app = await NestFactory.create(
      (() => {
        @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false })] })
        class M {}
        return M;
      })(),
      new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }),
      { logger: false, rawBody: true },
    );
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as { port: number };
      const url = `http://127.0.0.1:${port}/eureka/apps/ORDERS`;
      const body = jsonRegistration({ app: 'ORDERS', id: 'o-1' });
      const statuses = new Map<number, number>();
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const attempts: Array<[Record<string, string>, Buffer | string]> = [];
      for (let cut = 1; cut < body.length; cut += 7) attempts.push([JSON_HEADERS, body.slice(0, cut)]);
      for (let i = 0; i < 60; i++) {
        const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
        attempts.push([i % 2 ? JSON_HEADERS : { 'content-type': 'application/xml' }, bytes]);
      }
      for (const [headers, payload] of attempts) {
        const res = await http('POST', url, { headers, body: payload });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      expect([...statuses.keys()].every((s) => s === 400 || s === 415)).toBe(true);
      const doc = JSON.parse((await http('GET', `http://127.0.0.1:${port}/eureka/apps`, { headers: { accept: 'application/json' } })).text);
      expect(doc.applications.application).toEqual([]);
      // The same server still accepts the whole body.
      expect((await http('POST', url, { headers: JSON_HEADERS, body })).status).toBe(204);
    } finally {
      await app.close();
    }
  });
});
