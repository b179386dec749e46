import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { EnableDiscovery, EurekaClientModule, EurekaRegistration } from '@nest-eureka/client';
import { waitFor } from './support/start-client';
import { RunningServer, startServer } from './support/start-server';

describe('EurekaClientModule.forRootAsync with @nestjs/config', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer('fastify');
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes appName, serviceUrl and intervals from ConfigService and registers with them', async () => {
    const settings = { APP_NAME: 'configured-app', EUREKA_URL: `${server.eureka}/`, RENEW_SECONDS: 0.2 };
    @EnableDiscovery({ metadataMap: { source: 'decorator' } })
    @Module({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => settings] }),
        EurekaClientModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            appName: config.getOrThrow<string>('APP_NAME'),
            serviceUrl: config.getOrThrow<string>('EUREKA_URL'),
            leaseRenewalIntervalInSeconds: config.getOrThrow<number>('RENEW_SECONDS'),
            metadataMap: { source: 'config', team: 'blue' },
          }),
        }),
      ],
    })
    class ConfiguredAppModule {}

    const app = await NestFactory.create(ConfiguredAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const registration = app.get(EurekaRegistration);
      await waitFor(() => registration.registered, 3000, 'registration');
      const lease = server.registry.getVisibleLease('CONFIGURED-APP', registration.instanceId!)!;
      expect(lease.holder.app).toBe('CONFIGURED-APP');
      expect({ ...lease.holder.metadata }).toEqual({ source: 'decorator', team: 'blue' });
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a bad option from the factory, naming it', async () => {
    @Module({
      imports: [EurekaClientModule.forRootAsync({ useFactory: () => ({ appName: 'x', registryFetchIntervalSeconds: -1 }) })],
    })
    class BadModule {}
    await expect(NestFactory.create(BadModule, { logger: false, abortOnError: false })).rejects.toThrow(
      /registryFetchIntervalSeconds.*> 0/,
    );
  });
});
