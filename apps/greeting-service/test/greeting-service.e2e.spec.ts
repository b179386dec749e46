/**
 * greeting-service in one process with a real Eureka server (`EurekaServerModule`): it registers UP,
 * `POST /admin/health/down` turns its Terminus check DOWN and the registry follows at the next
 * heartbeat, `up` brings it back, and closing the application deregisters it.
 */
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EurekaServerModule, InstanceRegistry } from '@nest-eureka/server';
import { AppModule } from '../src/app.module';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('greeting-service (e2e)', () => {
  const savedEnv = { ...process.env };
  let registryApp: INestApplication;
  let registry: InstanceRegistry;
  let app: INestApplication | undefined;
  let baseUrl: string;

  const status = () => [...(registry.leasesOf('GREETING-SERVICE')?.values() ?? [])][0]?.holder.status;
  const post = (path: string) => fetch(`${baseUrl}${path}`, { method: 'POST' });

  beforeAll(async () => {
    @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false })] })
    class RegistryModule {}
    registryApp = await NestFactory.create(RegistryModule, { logger: false, rawBody: true });
    await registryApp.listen(0, '127.0.0.1');
    registry = registryApp.get(InstanceRegistry);
    Object.assign(process.env, {
      EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: `${await registryApp.getUrl()}/eureka/`,
      EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: '0.1',
    });
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await registryApp?.close();
    process.env = savedEnv;
  });

  it('registers UP and greets', async () => {
    await waitFor('GREETING-SERVICE UP', () => status() === 'UP');
    const res = await fetch(`${baseUrl}/greeting?name=Ada`);
    expect(await res.json()).toEqual({ message: 'Hello, Ada!', instanceId: expect.stringMatching(/^127\.0\.0\.1:greeting-service:\d+$/) });
  });

  it('follows its Terminus check: DOWN in the registry after POST /admin/health/down, UP again after /up', async () => {
    expect((await post('/admin/health/down')).status).toBe(200);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(503);
    await waitFor('GREETING-SERVICE DOWN', () => status() === 'DOWN');
    expect((await post('/admin/health/up')).status).toBe(200);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    await waitFor('GREETING-SERVICE UP again', () => status() === 'UP');
  });

  it('deregisters when the application closes', async () => {
    await app!.close();
    app = undefined;
    expect(status()).toBeUndefined();
  });
});
