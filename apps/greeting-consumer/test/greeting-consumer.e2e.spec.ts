/**
 * greeting-consumer in one process with a real Eureka server (`EurekaServerModule`) and a stand-in
 * greeting-service (a plain HTTP server registered as GREETING-SERVICE): the consumer registers,
 * finds the provider by name, calls it, and answers 503 once the provider is DOWN.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EurekaServerModule } from '@nest-eureka/server';
import { AppModule } from '../src/app.module';

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('greeting-consumer (e2e)', () => {
  const savedEnv = { ...process.env };
  let registryApp: INestApplication;
  let eureka: string;
  let provider: Server;
  let providerPort: number;
  let app: INestApplication | undefined;
  let baseUrl: string;

  /** Registers the stand-in provider with `status`, as a client would (POST apps/{app}). */
  const registerProvider = (status: 'UP' | 'DOWN') =>
    fetch(`${eureka}/apps/GREETING-SERVICE`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        instance: {
          instanceId: `127.0.0.1:greeting-service:${providerPort}`,
          hostName: '127.0.0.1',
          app: 'GREETING-SERVICE',
          ipAddr: '127.0.0.1',
          status,
          port: { $: providerPort, '@enabled': 'true' },
          vipAddress: 'greeting-service',
          lastDirtyTimestamp: String(Date.now()),
          dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
        },
      }),
    });
  const instances = async () => (await (await fetch(`${baseUrl}/greet/instances`)).json()) as { instanceId: string }[];

  beforeAll(async () => {
    @Module({ imports: [EurekaServerModule.forRoot({ useReadOnlyResponseCache: false })] })
    class RegistryModule {}
    registryApp = await NestFactory.create(RegistryModule, { logger: false, rawBody: true });
    await registryApp.listen(0, '127.0.0.1');
    eureka = `${await registryApp.getUrl()}/eureka`;
    provider = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ message: 'Hello, test!', instanceId: `127.0.0.1:greeting-service:${providerPort}` }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    providerPort = (provider.address() as AddressInfo).port;
    expect((await registerProvider('UP')).status).toBe(204);

    Object.assign(process.env, {
      EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE: `${eureka}/`,
      EUREKA_CLIENT_REGISTRY_FETCH_INTERVAL_SECONDS: '0.1',
      EUREKA_INSTANCE_LEASE_RENEWAL_INTERVAL_IN_SECONDS: '0.2',
    });
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await registryApp?.close();
    await new Promise((resolve) => provider?.close(resolve));
    process.env = savedEnv;
  });

  it('registers itself and calls greeting-service by name', async () => {
    await waitFor('the consumer to see greeting-service', async () => (await instances()).length === 1);
    const res = await fetch(`${baseUrl}/greet?name=test`);
    expect(await res.json()).toEqual({ greeting: 'Hello, test!', servedBy: `127.0.0.1:greeting-service:${providerPort}` });
    await waitFor('GREETING-CONSUMER UP in the registry', async () => {
      const res = await fetch(`${eureka}/apps/GREETING-CONSUMER`, { headers: { Accept: 'application/json' } });
      if (res.status !== 200) return false;
      const own = (await res.json()) as { application: { instance: { status: string }[] } };
      return own.application.instance.map((i) => i.status).join() === 'UP';
    });
  });

  it('stops calling a provider the registry shows DOWN, answering 503', async () => {
    expect((await registerProvider('DOWN')).status).toBe(204);
    await waitFor('the consumer to drop greeting-service', async () => (await instances()).length === 0);
    const res = await fetch(`${baseUrl}/greet`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/^GREETING-SERVICE could not answer: /);
  });
});
