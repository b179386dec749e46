import { INestApplication, ServiceUnavailableException } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EnableDiscovery } from '../enable-discovery/enable-discovery.decorator';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { EurekaRegistration } from './eureka-registration';
import { createRegistrationApp } from '../testing/registration-app.testing';
import { FakeEurekaTransport, waitFor } from '../testing/fake-eureka.transport.testing';
import { verdictToStatus } from './health-check.types';
import { HealthPropagation } from './health-propagation.service';

const INTERVAL_MS = 100;

describe('verdictToStatus', () => {
  it('maps booleans, UP/DOWN and Terminus results', () => {
    expect([true, 'UP', { status: 'ok' }, { status: 'degraded' }].map(verdictToStatus)).toEqual(['UP', 'UP', 'UP', 'UP']);
    expect([false, 'DOWN', { status: 'error' }, { status: 'shutting_down' }, undefined, null, 'up', 1].map(verdictToStatus)).toEqual(
      Array(8).fill('DOWN'),
    );
  });
});

describe('HealthPropagation (healthcheckEnabled)', () => {
  let app: INestApplication | undefined;
  let transport: FakeEurekaTransport;
  let registration: EurekaRegistration;
  let propagation: HealthPropagation;

  async function create(options: EurekaClientModuleOptions = {}): Promise<void> {
    const created = await createRegistrationApp({
      moduleDecorators: [EnableDiscovery()],
      rateLimit: { burst: 2, perMinute: 6000 },
      options: { hostname: 'h', ipAddress: '127.0.0.1', healthcheckEnabled: true, leaseRenewalIntervalInSeconds: INTERVAL_MS / 1000, ...options },
    });
    app = created.app;
    transport = created.transport;
    registration = app.get(EurekaRegistration);
    propagation = app.get(HealthPropagation);
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('registers with the status the check gives, then follows it between UP and DOWN', async () => {
    await create();
    let healthy = false;
    const calls: number[] = [];
    registration.setHealthCheck(async () => {
      calls.push(Date.now());
      return healthy;
    });
    await app!.listen(0, '127.0.0.1');
    await waitFor('the registration', () => registration.registered);
    expect(transport.registers[0].info.status).toBe('DOWN');
    expect(calls).toHaveLength(1);

    healthy = true;
    await waitFor('the status to follow the check to UP', () => registration.status === 'UP');
    await waitFor('UP sent', () => transport.registers.some((r) => r.info.status === 'UP'));
    healthy = false;
    await waitFor('DOWN again', () => transport.registers.filter((r) => r.info.status === 'DOWN').length === 2);
    expect(transport.registers.map((r) => r.info.status)).toEqual(['DOWN', 'UP', 'DOWN']);
    // Evaluated before the heartbeat of each cycle, never more than once per interval.
    const gaps = calls.slice(1).map((t, i) => t - calls[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS - 30);
  });

  it('counts a throwing check (Terminus 503) as DOWN, and a Terminus result object by its status', async () => {
    await create();
    let answer: () => unknown = () => {
      throw new ServiceUnavailableException({ status: 'error', error: { db: { status: 'down' } } });
    };
    registration.setHealthCheck(async () => answer() as never);
    await app!.listen(0, '127.0.0.1');
    await waitFor('the registration', () => registration.registered);
    expect(registration.status).toBe('DOWN');
    answer = () => ({ status: 'ok', info: {}, error: {}, details: {} });
    await waitFor('UP', () => registration.status === 'UP');
  });

  it('counts a check that does not answer within half an interval as DOWN and does not pile up calls', async () => {
    await create({ initialStatus: 'UP' });
    let calls = 0;
    propagation.setHealthCheck(() => {
      calls++;
      return new Promise(() => undefined);
    });
    const t0 = Date.now();
    await app!.listen(0, '127.0.0.1');
    await waitFor('the registration', () => registration.registered);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(INTERVAL_MS / 2 - 5);
    expect(transport.registers[0].info.status).toBe('DOWN');
    await waitFor('two more heartbeats', () => transport.heartbeats.length >= 2);
    expect(calls).toBe(1);
    expect(propagation.evaluationCount).toBe(1);
  });

  it('leaves STARTING and OUT_OF_SERVICE alone without calling the check', async () => {
    await create({ initialStatus: 'STARTING' });
    let calls = 0;
    registration.setHealthCheck(() => {
      calls++;
      return 'DOWN';
    });
    await app!.listen(0, '127.0.0.1');
    await waitFor('two heartbeats', () => transport.heartbeats.length >= 2);
    expect(registration.status).toBe('STARTING');
    await registration.setStatus('OUT_OF_SERVICE');
    const heartbeats = transport.heartbeats.length;
    await waitFor('two more heartbeats', () => transport.heartbeats.length >= heartbeats + 2);
    expect(registration.status).toBe('OUT_OF_SERVICE');
    expect(calls).toBe(0);
    await registration.setStatus('UP');
    await waitFor('the check to be asked', () => calls === 1);
    await waitFor('DOWN', () => registration.status === 'DOWN');
  });

  it('does nothing without healthcheckEnabled', async () => {
    await create({ healthcheckEnabled: false });
    let calls = 0;
    registration.setHealthCheck(() => {
      calls++;
      return false;
    });
    await app!.listen(0, '127.0.0.1');
    await waitFor('two heartbeats', () => transport.heartbeats.length >= 2);
    expect(calls).toBe(0);
    expect(registration.status).toBe('UP');
  });

  it('releases a check still running at shutdown and leaves no timer', async () => {
    await create();
    let started = false;
    registration.setHealthCheck(() => {
      started = true;
      return new Promise(() => undefined);
    });
    await app!.listen(0, '127.0.0.1');
    await waitFor('the check to run', () => started);
    const scheduler = app!.get(SchedulerRegistry);
    await app!.close();
    app = undefined;
    expect(scheduler.getTimeouts()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    expect(transport.registers).toHaveLength(0);
    expect(transport.cancels).toHaveLength(0);
  });
});
