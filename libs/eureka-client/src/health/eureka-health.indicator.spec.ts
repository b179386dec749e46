import { INestApplication } from '@nestjs/common';
import { Application } from '@nest-eureka/protocol';
import { EnableDiscovery } from '../enable-discovery/enable-discovery.decorator';
import { createRegistrationApp, RegistrationAppOptions } from '../testing/registration-app.testing';
import { FakeEurekaTransport, serverDown, waitFor } from '../testing/fake-eureka.transport.testing';
import { EurekaRegistration } from '../registration/eureka-registration';
import { EurekaHealthIndicator } from './eureka-health.indicator';

describe('EurekaHealthIndicator', () => {
  let app: INestApplication | undefined;
  let transport: FakeEurekaTransport;
  let indicator: EurekaHealthIndicator;
  const fetcher: { lastSuccessfulFetchAt: number | undefined } = { lastSuccessfulFetchAt: undefined };
  const apps: Application[] = [
    { name: 'A', instances: [] },
    { name: 'B', instances: [] },
  ];

  async function start(spec: RegistrationAppOptions, listen = true): Promise<void> {
    const created = await createRegistrationApp({
      fetcher,
      discovery: { getApplications: () => apps },
      ...spec,
      options: { hostname: 'h', ipAddress: '127.0.0.1', ...spec.options },
    });
    app = created.app;
    transport = created.transport;
    indicator = app.get(EurekaHealthIndicator);
    if (listen) await app.listen(0, '127.0.0.1');
    else await app.init();
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is UP with registration, heartbeat and fetch data', async () => {
    fetcher.lastSuccessfulFetchAt = Date.now() - 1000;
    await start({ moduleDecorators: [EnableDiscovery()], options: { fetchRegistry: true } });
    const registration = app!.get(EurekaRegistration);
    await waitFor('the registration', () => registration.registered);
    const result = await indicator.isHealthy();
    expect(result).toEqual({
      eureka: {
        status: 'up',
        registrationEnabled: true,
        registered: true,
        instanceId: registration.instanceId,
        instanceStatus: 'UP',
        lastHeartbeatAgeMs: expect.any(Number),
        heartbeatFailures: 0,
        heartbeatThresholdMs: 90_000,
        fetchEnabled: true,
        lastFetchAgeMs: expect.any(Number),
        fetchThresholdMs: 90_000,
        applications: 2,
      },
    });
    expect(result.eureka.lastHeartbeatAgeMs).toBeLessThan(1000);
    expect(result.eureka.lastFetchAgeMs).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(await indicator.isHealthy('discovery'))).toEqual(['discovery']);
  });

  it('is DOWN, naming the threshold, when no heartbeat succeeded for 3 renewal intervals', async () => {
    await start({ moduleDecorators: [EnableDiscovery()], options: { leaseRenewalIntervalInSeconds: 0.05, heartbeatExecutorExponentialBackOffBound: 1 } });
    const registration = app!.get(EurekaRegistration);
    await waitFor('the registration', () => registration.registered);
    expect((await indicator.isHealthy()).eureka.status).toBe('up');
    transport.heartbeatOutcomes.push(...Array.from({ length: 50 }, () => serverDown('heartbeat')));
    await waitFor('a failing heartbeat', () => registration.heartbeatFailures > 0);
    const lastSuccess = () => Math.max(registration.lastSuccessfulHeartbeatAt ?? 0, registration.lastRegistrationAt ?? 0);
    await waitFor('3 intervals without success', () => Date.now() - lastSuccess() > 150);
    const result = await indicator.isHealthy();
    expect(result.eureka).toMatchObject({ status: 'down', registered: true, heartbeatThresholdMs: 150 });
    expect(result.eureka.heartbeatFailures).toBeGreaterThan(0);
    expect(result.eureka.message).toMatch(/no successful heartbeat or registration for \d+ ms \(heartbeatThresholdMs 150\)/);
  });

  it('is DOWN when registration never succeeded for 3 intervals after start', async () => {
    await start({ moduleDecorators: [EnableDiscovery()], options: { leaseRenewalIntervalInSeconds: 0.05 } }, false);
    transport.registerOutcomes.push(...Array.from({ length: 50 }, () => serverDown()));
    await app!.listen(0, '127.0.0.1');
    const registration = app!.get(EurekaRegistration);
    expect((await indicator.isHealthy()).eureka).toMatchObject({ status: 'up', registered: false, lastHeartbeatAgeMs: null });
    await waitFor('3 intervals', () => Date.now() - registration.startedAt! > 150);
    expect((await indicator.isHealthy()).eureka).toMatchObject({ status: 'down', registered: false, lastHeartbeatAgeMs: null });
  });

  it('is DOWN, naming the threshold, when the last fetch is older than 3 fetch intervals', async () => {
    fetcher.lastSuccessfulFetchAt = Date.now() - 400;
    await start({ options: { fetchRegistry: true, registryFetchIntervalSeconds: 0.1 } });
    const result = await indicator.isHealthy();
    expect(result.eureka).toMatchObject({ status: 'down', registrationEnabled: false, fetchThresholdMs: 300, applications: 2 });
    expect(result.eureka.message).toMatch(/no successful registry fetch for \d+ ms \(fetchThresholdMs 300\)/);
    fetcher.lastSuccessfulFetchAt = Date.now();
    expect((await indicator.isHealthy()).eureka.status).toBe('up');
  });

  it('ignores the fetch age when fetchRegistry is off, and the heartbeat when registration is off', async () => {
    fetcher.lastSuccessfulFetchAt = undefined;
    await start({ options: { fetchRegistry: false, registryFetchIntervalSeconds: 0.01, leaseRenewalIntervalInSeconds: 0.01 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await indicator.isHealthy()).eureka).toMatchObject({
      status: 'up',
      registrationEnabled: false,
      registered: false,
      instanceId: null,
      fetchEnabled: false,
      lastFetchAgeMs: null,
    });
  });
});
