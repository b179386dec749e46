import { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EnableDiscovery } from '../enable-discovery/enable-discovery.decorator';
import { EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { EurekaRegistration } from './eureka-registration';
import { createRegistrationApp, RegistrationApp, RegistrationAppOptions } from '../testing/registration-app.testing';
import { FakeEurekaTransport, serverDown, waitFor } from '../testing/fake-eureka.transport.testing';

const FAST = { hostname: 'test-host', ipAddress: '127.0.0.1', leaseRenewalIntervalInSeconds: 0.1, heartbeatExecutorExponentialBackOffBound: 4 };

describe('EurekaRegistration lifecycle (real Nest app, fake Eureka server)', () => {
  let app: INestApplication | undefined;
  let transport: FakeEurekaTransport;
  let registration: EurekaRegistration;

  async function create(spec: RegistrationAppOptions = {}): Promise<RegistrationApp> {
    const created = await createRegistrationApp({ moduleDecorators: [EnableDiscovery()], ...spec, options: { ...FAST, ...spec.options } });
    app = created.app;
    transport = created.transport;
    registration = app.get(EurekaRegistration);
    return created;
  }

  async function listen(): Promise<number> {
    await app!.listen(0, '127.0.0.1');
    return (app!.getHttpServer().address() as { port: number }).port;
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('registers only once the HTTP server listens, with the port read from the server', async () => {
    await create({ options: { leaseRenewalIntervalInSeconds: 30 } });
    await app!.init();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.calls).toEqual([]);
    expect(registration.instance).toBeUndefined();
    expect(registration.registered).toBe(false);

    const port = await listen();
    await waitFor('the registration', () => registration.registered);
    expect(transport.registers).toHaveLength(1);
    const sent = transport.registers[0].info;
    expect(sent).toMatchObject({ app: 'ORDERS', instanceId: `test-host:orders:${port}`, port: { port, enabled: true }, status: 'UP' });
    expect(sent.homePageUrl).toBe(`http://test-host:${port}/`);
    expect(registration.instance).toEqual(sent);
    expect(registration.instance).not.toBe(registration.instance);
    expect(registration.lastRegistrationAt).toBeDefined();
    const scheduler = app!.get(SchedulerRegistry);
    await waitFor('the heartbeat timer', () => scheduler.getTimeouts().length > 0);
    expect(scheduler.getTimeouts()).toEqual([EUREKA_CLIENT_TIMERS.heartbeat]);
  });

  it('uses nonSecurePort when it is set instead of the listening port', async () => {
    await create({ options: { nonSecurePort: 9999 } });
    await listen();
    await waitFor('the registration', () => registration.registered);
    expect(transport.registers[0].info.port).toEqual({ port: 9999, enabled: true });
    expect(transport.registers[0].info.instanceId).toBe('test-host:orders:9999');
  });

  it('heartbeats every renewal interval with status and lastDirtyTimestamp', async () => {
    await create();
    await listen();
    await waitFor('3 heartbeats', () => transport.heartbeats.length >= 3);
    const [first, second, third] = transport.heartbeats;
    const info = transport.registers[0].info;
    expect(first).toMatchObject({ app: 'ORDERS', id: info.instanceId, status: 'UP', lastDirtyTimestamp: info.lastDirtyTimestamp });
    expect(first.at - transport.registers[0].at).toBeGreaterThanOrEqual(95);
    expect(second.at - first.at).toBeGreaterThanOrEqual(95);
    expect(third.at - second.at).toBeLessThan(200);
    expect(transport.registers).toHaveLength(1);
    expect(registration.lastSuccessfulHeartbeatAt).toBeGreaterThanOrEqual(second.at);
  });

  it("re-registers at once, with a newer lastDirtyTimestamp, when a heartbeat answers 'not-found'", async () => {
    await create();
    transport.heartbeatOutcomes.push('not-found');
    await listen();
    await waitFor('a second registration', () => transport.registers.length === 2);
    const [, again] = transport.registers;
    const heartbeat = transport.heartbeats[0];
    expect(again.at - heartbeat.at).toBeLessThan(50);
    expect(again.info.lastDirtyTimestamp).toBeGreaterThan(heartbeat.lastDirtyTimestamp);
    expect(registration.registered).toBe(true);
    expect(registration.heartbeatFailures).toBe(0);
    await waitFor('the next heartbeat', () => transport.heartbeats.length === 2);
    expect(transport.heartbeats[1].lastDirtyTimestamp).toBe(again.info.lastDirtyTimestamp);
    expect(transport.heartbeats[1].at - again.at).toBeGreaterThanOrEqual(95);
  });

  it('backs off x2 on heartbeat failures, capped at interval x bound, and recovers', async () => {
    await create();
    const seen: { failures: number; delay: number }[] = [];
    const original = transport.sendHeartbeat.bind(transport);
    transport.sendHeartbeat = (...args) => {
      seen.push({ failures: registration.heartbeatFailures, delay: registration.heartbeatDelayMs });
      return original(...args);
    };
    transport.heartbeatOutcomes.push(serverDown(), serverDown(), serverDown(), serverDown(), 'ok', 'ok');
    await listen();
    await waitFor('6 heartbeats', () => transport.heartbeats.length >= 6, 4000);
    // Delay in force when each heartbeat was sent (100 ms base, x2, cap 400 ms), and the failure count.
    expect(seen.slice(0, 6)).toEqual([
      { failures: 0, delay: 100 },
      { failures: 1, delay: 200 },
      { failures: 2, delay: 400 },
      { failures: 3, delay: 400 },
      { failures: 4, delay: 400 },
      { failures: 0, delay: 100 },
    ]);
    const at = transport.heartbeats.map((h) => h.at);
    const gaps = at.slice(1, 6).map((t, i) => t - at[i]);
    [200, 400, 400, 400, 100].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - 5);
      expect(gaps[i]).toBeLessThan(expected + 100);
    });
    expect(registration.registered).toBe(true);
  });

  it('retries a failed initial registration with the same backoff', async () => {
    await create();
    transport.registerOutcomes.push(serverDown(), serverDown());
    await listen();
    await waitFor('the registration', () => registration.registered, 3000);
    const at = transport.registers.map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(195);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(395);
    expect(transport.heartbeats).toHaveLength(0);
    expect(registration.heartbeatFailures).toBe(0);
    await waitFor('a heartbeat', () => transport.heartbeats.length === 1);
  });

  it('on shutdown stops its timers, marks the instance DOWN and cancels; nothing runs afterwards', async () => {
    await create();
    await listen();
    await waitFor('a heartbeat', () => transport.heartbeats.length === 1);
    const statuses: string[] = [];
    registration.status$.subscribe((s) => statuses.push(s));
    const scheduler = app!.get(SchedulerRegistry);
    expect(scheduler.getTimeouts()).toContain(EUREKA_CLIENT_TIMERS.heartbeat);

    // Our own hook must clear the timers (ScheduleModule also empties the registry on close).
    await registration.beforeApplicationShutdown();
    expect(scheduler.getTimeouts()).toEqual([]);
    const id = transport.registers[0].info.instanceId;
    expect(transport.cancels).toEqual([expect.objectContaining({ app: 'ORDERS', id })]);
    expect(registration.status).toBe('DOWN');
    expect(statuses).toEqual(['UP', 'DOWN']);
    expect(registration.registered).toBe(false);

    await app!.close();
    expect(scheduler.getTimeouts()).toEqual([]);
    expect(scheduler.getIntervals()).toEqual([]);
    const calls = transport.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(transport.calls).toHaveLength(calls);
    expect(transport.cancels).toHaveLength(1);
    app = undefined;
  });

  it('a heartbeat still on its way at shutdown schedules nothing afterwards', async () => {
    await create();
    await listen();
    await waitFor('a heartbeat', () => transport.heartbeats.length === 1);
    transport.latencyMs = 150;
    transport.heartbeatOutcomes.push('not-found');
    await waitFor('a slow heartbeat on its way', () => transport.heartbeats.length === 2);
    const scheduler = app!.get(SchedulerRegistry);
    const stillOnItsWay = transport.heartbeats[1];
    await app!.close();
    app = undefined;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The 'not-found' answer arrived after shutdown: no re-registration, no new timer, no call.
    expect(Date.now() - stillOnItsWay.at).toBeGreaterThan(150);
    expect(transport.calls.map((c) => c.op).slice(-2)).toEqual(['heartbeat', 'cancel']);
    expect(transport.registers).toHaveLength(1);
    expect(scheduler.getTimeouts()).toEqual([]);
  });

  it('does not cancel when shouldUnregisterOnShutdown is false', async () => {
    await create({ options: { shouldUnregisterOnShutdown: false } });
    await listen();
    await waitFor('the registration', () => registration.registered);
    await app!.close();
    app = undefined;
    expect(transport.cancels).toHaveLength(0);
    expect(registration.status).toBe('UP');
  });

  it('in an application context without HTTP server, registers at start only with an explicit nonSecurePort', async () => {
    for (const [nonSecurePort, expected] of [[7001, 1], [undefined, 0]] as const) {
      const { moduleRef, transport: fake } = await createRegistrationApp({
        context: true,
        moduleDecorators: [EnableDiscovery()],
        options: { ...FAST, nonSecurePort },
      });
      await moduleRef.init();
      const handle = moduleRef.get(EurekaRegistration);
      if (expected) await waitFor('the registration', () => handle.registered);
      else await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fake.registers.map((r) => r.info.port.port)).toEqual(expected ? [7001] : []);
      await moduleRef.close();
      expect(fake.cancels).toHaveLength(expected);
      expect(moduleRef.get(SchedulerRegistry).getTimeouts()).toEqual([]);
    }
  });

  it('does not register without @EnableDiscovery, nor with registerWithEureka false', async () => {
    for (const spec of [{ moduleDecorators: [] }, { options: { registerWithEureka: false } }] as RegistrationAppOptions[]) {
      await create(spec);
      await listen();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(registration.enabled).toBe(false);
      expect(transport.calls).toEqual([]);
      expect(app!.get(SchedulerRegistry).getTimeouts()).toEqual([]);
      await expect(registration.setStatus('DOWN')).resolves.toBe(false);
      await app!.close();
      app = undefined;
    }
  });
});
