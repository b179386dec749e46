import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Applications, InstanceInfo } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { EurekaRequestError, EurekaTransport, HeartbeatResult } from '../transport/eureka-transport';
import { ApplicationsChangedEvent } from './applications-changed.event';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { RegistryCache } from './registry-cache';
import { RegistryFetcher } from './registry-fetcher';

type Answer = Applications | undefined | Error;

class ScriptedTransport extends EurekaTransport {
  full: Answer[] = [];
  deltas: Answer[] = [];
  calls: string[] = [];
  readonly currentServer = undefined;
  register(): Promise<void> {
    throw new Error('unused');
  }
  sendHeartbeat(): Promise<HeartbeatResult> {
    throw new Error('unused');
  }
  cancel(): Promise<void> {
    throw new Error('unused');
  }
  async fetchApplications(): Promise<Applications> {
    this.calls.push('full');
    const next = this.full.length > 1 ? this.full.shift() : this.full[0];
    if (next instanceof Error || next === undefined) throw next ?? new Error('no full answer scripted');
    return next;
  }
  async fetchDelta(): Promise<Applications | undefined> {
    this.calls.push('delta');
    const next = this.deltas.length > 1 ? this.deltas.shift() : this.deltas[0];
    if (next instanceof Error) throw next;
    return next;
  }
}

const inst = (id: string, extra: Partial<InstanceInfo> = {}) => sampleInstance({ app: 'A', instanceId: id, ...extra });
const doc = (instances: InstanceInfo[], hash: string, version = '1'): Applications => ({
  versionDelta: version,
  appsHashCode: hash,
  applications: instances.length ? [{ name: 'A', instances }] : [],
});
const failure = () => new EurekaRequestError('fetch', 'http://x/', 'down');

describe('RegistryFetcher', () => {
  let transport: ScriptedTransport;
  let scheduler: SchedulerRegistry;
  let cache: RegistryCache;
  let notifier: ApplicationsChangedNotifier;
  let warn: jest.SpyInstance;
  const options = { fetchRegistry: true, disableDelta: false, registryFetchIntervalSeconds: 30, cacheRefreshExecutorExponentialBackOffBound: 10 };

  function fetcher(extra: Partial<typeof options> = {}): RegistryFetcher {
    return new RegistryFetcher(transport, cache, notifier, scheduler, { ...options, ...extra });
  }

  beforeEach(() => {
    transport = new ScriptedTransport();
    scheduler = new SchedulerRegistry();
    cache = new RegistryCache({ filterOnlyUpInstances: true });
    notifier = new ApplicationsChangedNotifier();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    jest.spyOn(Logger.prototype, 'debug').mockImplementation();
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('fetches the full registry first, then deltas', async () => {
    transport.full = [doc([inst('a1')], 'UP_1_')];
    transport.deltas = [doc([inst('a2', { actionType: 'ADDED' })], 'UP_2_', '5')];
    const f = fetcher();
    await f.refresh();
    await f.refresh();
    expect(transport.calls).toEqual(['full', 'delta']);
    expect(cache.view.instancesOfApp('A', true)).toHaveLength(2);
    expect([f.fetchCount, f.fullFetchCount, f.deltaFetchCount]).toEqual([2, 1, 1]);
    expect(f.lastSuccessfulFetchAt).toBeGreaterThan(0);
  });

  it('does exactly one full fetch after a hash mismatch', async () => {
    transport.full = [doc([inst('a1')], 'UP_1_')];
    transport.deltas = [doc([inst('a2', { actionType: 'ADDED' })], 'UP_7_')];
    const f = fetcher();
    await f.refresh();
    await f.refresh();
    expect(transport.calls).toEqual(['full', 'delta', 'full']);
    expect(f.fullFetchCount).toBe(2);
    expect(cache.view.instancesOfApp('A', true)).toHaveLength(1);
  });

  it('falls back to a full fetch on a refused delta, with disableDelta and on an empty cache', async () => {
    transport.full = [doc([inst('a1')], 'UP_1_')];
    transport.deltas = [undefined];
    const f = fetcher();
    await f.refresh();
    await f.refresh();
    expect(transport.calls).toEqual(['full', 'delta', 'full']);

    transport.calls = [];
    const noDelta = fetcher({ disableDelta: true });
    await noDelta.refresh();
    await noDelta.refresh();
    expect(transport.calls).toEqual(['full', 'full']);

    transport.calls = [];
    cache.replace(doc([], ''));
    await f.refresh();
    expect(transport.calls).toEqual(['full']);
  });

  it('retries a full fetch in the next round when the reconciling full fetch failed', async () => {
    transport.full = [doc([inst('a1')], 'UP_1_'), failure(), doc([inst('a1')], 'UP_1_')];
    transport.deltas = [doc([], 'UP_9_')];
    const f = fetcher();
    await f.refresh();
    await expect(f.refresh()).rejects.toThrow(EurekaRequestError);
    await f.refresh();
    expect(transport.calls).toEqual(['full', 'delta', 'full', 'full']);
  });

  it('backs off exponentially on failures up to the bound and recovers', async () => {
    transport.full = [failure()];
    const f = fetcher({ cacheRefreshExecutorExponentialBackOffBound: 5 });
    expect(f.nextDelayMs()).toBe(30_000);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await expect(f.refresh()).rejects.toThrow();
      delays.push(f.nextDelayMs());
    }
    expect(delays).toEqual([60_000, 120_000, 150_000, 150_000]);
    expect(warn).toHaveBeenCalledTimes(1);
    transport.full = [doc([inst('a1')], 'UP_1_')];
    await f.refresh();
    expect(f.nextDelayMs()).toBe(30_000);
    expect(f.consecutiveFailures).toBe(0);
  });

  it('runs on a SchedulerRegistry timer from bootstrap, survives a failed first fetch, and stops on shutdown', async () => {
    jest.useFakeTimers();
    transport.full = [failure(), doc([inst('a1')], 'UP_1_')];
    transport.deltas = [doc([], 'UP_1_')];
    const f = fetcher({ registryFetchIntervalSeconds: 1 });
    await f.onApplicationBootstrap();
    expect(f.fetchCount).toBe(0);
    expect(scheduler.doesExist('timeout', EUREKA_CLIENT_TIMERS.registryFetch)).toBe(true);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(transport.calls).toEqual(['full']);
    await jest.advanceTimersByTimeAsync(1); // 2 s after the failure: back-off x2
    expect(transport.calls).toEqual(['full', 'full']);
    expect(f.fetchCount).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(transport.calls).toEqual(['full', 'full', 'delta']);
    f.beforeApplicationShutdown();
    expect(scheduler.getTimeouts()).toEqual([]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(transport.calls).toHaveLength(3);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does nothing at bootstrap when fetchRegistry is false', async () => {
    const f = fetcher({ fetchRegistry: false });
    await f.onApplicationBootstrap();
    expect(transport.calls).toEqual([]);
    expect(scheduler.getTimeouts()).toEqual([]);
  });

  it('emits a change event per round that changed something; a throwing handler does not break fetching', async () => {
    transport.full = [doc([inst('a1'), inst('a2', { status: 'DOWN' })], 'DOWN_1_UP_1_')];
    transport.deltas = [doc([], 'DOWN_1_UP_1_'), doc([inst('a2', { actionType: 'MODIFIED' })], 'UP_2_')];
    const events: ApplicationsChangedEvent[] = [];
    notifier.events$.subscribe((e) => events.push(e));
    notifier.addHandler({ name: 'T.boom', handle: () => { throw new Error('boom'); } });
    notifier.addHandler({ name: 'T.async', app: 'a', handle: async () => Promise.reject(new Error('later')) });
    const other = jest.fn();
    notifier.addHandler({ name: 'T.other', app: 'OTHER', handle: other });
    const f = fetcher();
    await f.refresh();
    await f.refresh();
    await f.refresh();
    expect(events.map((e) => e.apps)).toEqual([['A'], ['A']]);
    expect(events[0].applications[0].instances.map((i) => i.instanceId)).toEqual(['a1']);
    expect(events[1].applications[0].instances.map((i) => i.instanceId)).toEqual(['a1', 'a2']);
    expect(other).not.toHaveBeenCalled();
    expect(f.fetchCount).toBe(3);
    await new Promise((r) => setImmediate(r));
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringContaining('T.async failed'));
  });

  it('serialises concurrent refreshes', async () => {
    transport.full = [doc([inst('a1')], 'UP_1_')];
    transport.deltas = [doc([], 'UP_1_')];
    const f = fetcher();
    await Promise.all([f.refresh(), f.refresh(), f.refresh()]);
    expect(transport.calls).toEqual(['full', 'delta', 'delta']);
  });
});
