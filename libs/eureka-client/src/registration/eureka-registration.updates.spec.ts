import { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EnableDiscovery } from '../enable-discovery/enable-discovery.decorator';
import { EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { EurekaRegistration } from './eureka-registration';
import { createRegistrationApp, RegistrationAppOptions } from '../testing/registration-app.testing';
import { FakeEurekaTransport, serverDown, waitFor } from '../testing/fake-eureka.transport.testing';

/** A token every 200 ms after a burst of 2; heartbeats far away unless a test asks. */
const RATE = { burst: 2, perMinute: 300 };
const TOKEN_MS = 200;

describe('EurekaRegistration runtime updates (setStatus / setMetadata)', () => {
  let app: INestApplication | undefined;
  let transport: FakeEurekaTransport;
  let registration: EurekaRegistration;

  async function start(spec: RegistrationAppOptions = {}): Promise<void> {
    const created = await createRegistrationApp({
      moduleDecorators: [EnableDiscovery()],
      rateLimit: RATE,
      ...spec,
      options: { hostname: 'h', ipAddress: '127.0.0.1', leaseRenewalIntervalInSeconds: 30, ...spec.options },
    });
    app = created.app;
    transport = created.transport;
    registration = app.get(EurekaRegistration);
    await app.listen(0, '127.0.0.1');
    await waitFor('the initial registration', () => registration.registered);
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('sends 2 of 3 status changes at once and the 3rd as soon as the rate limit allows; none is lost', async () => {
    await start();
    const t0 = Date.now();
    await expect(registration.setStatus('DOWN')).resolves.toBe(true);
    await expect(registration.setStatus('OUT_OF_SERVICE')).resolves.toBe(true);
    expect(transport.registers.map((r) => r.info.status)).toEqual(['UP', 'DOWN', 'OUT_OF_SERVICE']);
    expect(Date.now() - t0).toBeLessThan(TOKEN_MS / 2);

    let thirdSent = false;
    const third = registration.setStatus('STARTING').then((sent) => (thirdSent = sent));
    expect(registration.status).toBe('STARTING');
    expect(app!.get(SchedulerRegistry).getTimeouts()).toContain(EUREKA_CLIENT_TIMERS.statusReplication);
    await new Promise((resolve) => setTimeout(resolve, TOKEN_MS / 2));
    expect(thirdSent).toBe(false);
    expect(transport.registers).toHaveLength(3);

    await third;
    expect(thirdSent).toBe(true);
    const [, , second, last] = transport.registers;
    expect(last.info.status).toBe('STARTING');
    expect(last.at - second.at).toBeGreaterThanOrEqual(TOKEN_MS - 100);
    expect(last.at - t0).toBeGreaterThanOrEqual(TOKEN_MS - 10);
    expect(last.info.lastDirtyTimestamp).toBeGreaterThan(second.info.lastDirtyTimestamp);
    expect(app!.get(SchedulerRegistry).getTimeouts()).not.toContain(EUREKA_CLIENT_TIMERS.statusReplication);
  });

  it('coalesces a burst of changes: every promise resolves and the last POST carries the final state', async () => {
    await start();
    const results = await Promise.all([
      registration.setStatus('DOWN'),
      registration.setMetadata({ a: '1' }),
      registration.setStatus('OUT_OF_SERVICE'),
      registration.setMetadata({ b: '2' }),
      registration.setStatus('UP'),
    ]);
    expect(results).toEqual([true, true, true, true, true]);
    const posts = transport.registers.slice(1);
    expect(posts.length).toBeLessThanOrEqual(3);
    const final = posts[posts.length - 1].info;
    expect(final.status).toBe('UP');
    expect({ ...final.metadata }).toEqual({ a: '1', b: '2' });
    expect(registration.instance?.lastDirtyTimestamp).toBe(final.lastDirtyTimestamp);
  });

  it('merges metadata, marks the record dirty and resolves at once when nothing changes', async () => {
    await start({ options: { metadataMap: { team: 'blue' } } });
    const before = registration.instance!.lastDirtyTimestamp;
    await expect(registration.setMetadata({ version: '2' })).resolves.toBe(true);
    const sent = transport.registers[1].info;
    expect({ ...sent.metadata }).toEqual({ team: 'blue', version: '2' });
    expect(sent.lastDirtyTimestamp).toBeGreaterThan(before);

    await expect(registration.setMetadata({ version: '2' })).resolves.toBe(true);
    await expect(registration.setStatus('UP')).resolves.toBe(true);
    expect(transport.registers).toHaveLength(2);
    await expect(registration.setMetadata({ bad: 3 as unknown as string })).rejects.toThrow(/"bad" must be a string/);
    await expect(registration.setStatus('SLEEPING' as never)).rejects.toThrow(/not an instance status/);
  });

  it('applies changes made before the server listens to the first registration', async () => {
    const created = await createRegistrationApp({ moduleDecorators: [EnableDiscovery()], options: { hostname: 'h', ipAddress: '127.0.0.1' } });
    app = created.app;
    transport = created.transport;
    registration = app.get(EurekaRegistration);
    await app.init();
    const sent = registration.setStatus('OUT_OF_SERVICE');
    void registration.setMetadata({ early: 'yes' });
    expect(transport.calls).toEqual([]);
    await app.listen(0, '127.0.0.1');
    await expect(sent).resolves.toBe(true);
    expect(transport.registers).toHaveLength(1);
    expect(transport.registers[0].info).toMatchObject({ status: 'OUT_OF_SERVICE', metadata: { early: 'yes' } });
  });

  it('without onDemandUpdateStatusChange, a change goes with the next heartbeat cycle instead of a heartbeat', async () => {
    await start({ options: { onDemandUpdateStatusChange: false, leaseRenewalIntervalInSeconds: 0.1 } });
    const heartbeats = transport.heartbeats.length;
    const sent = registration.setStatus('DOWN');
    await Promise.resolve();
    // With on-demand updates the POST would already be on its way (it starts synchronously).
    expect(transport.registers).toHaveLength(1);
    await expect(sent).resolves.toBe(true);
    expect(transport.registers).toHaveLength(2);
    expect(transport.registers[1].info.status).toBe('DOWN');
    await waitFor('the next heartbeat', () => transport.heartbeats.length > heartbeats);
    expect(transport.heartbeats[transport.heartbeats.length - 1].status).toBe('DOWN');
  });

  it('keeps a change whose POST failed dirty and sends it with the next heartbeat cycle', async () => {
    await start({ options: { leaseRenewalIntervalInSeconds: 0.1 } });
    transport.registerOutcomes.push(serverDown());
    let sent = false;
    const done = registration.setStatus('DOWN').then((s) => (sent = s));
    await waitFor('the failed POST', () => transport.registers.length === 2);
    expect(sent).toBe(false);
    await done;
    expect(transport.registers).toHaveLength(3);
    expect(transport.registers[2].info.status).toBe('DOWN');
  });

  it('resolves pending updates with false when the application shuts down first', async () => {
    await start();
    await registration.setStatus('DOWN');
    await registration.setStatus('OUT_OF_SERVICE');
    const pending = registration.setStatus('STARTING');
    await app!.close();
    app = undefined;
    await expect(pending).resolves.toBe(false);
    expect(transport.registers).toHaveLength(3);
  });
});
