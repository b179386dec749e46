import { LeaseMix } from './lease-mix';
import { RenewRateMeter } from './renew-rate.meter';
import { instance } from './testing/instance.fixture';

const T0 = 1_700_000_000_000;

describe('RenewRateMeter', () => {
  it('sums whole seconds before the running one, over any window up to a minute', () => {
    const meter = new RenewRateMeter();
    for (let s = 0; s < 70; s++) for (let n = 0; n <= s % 3; n++) meter.record(T0 + s * 1000 + 10 * n);
    const now = T0 + 70 * 1000 + 500;
    // Seconds 69, 68, 67 had 1, 3, 2 renewals (s % 3 = 0, 2, 1).
    expect(meter.countOver(now, 1)).toBe(1);
    expect(meter.countOver(now, 3)).toBe(6);
    expect(meter.countOver(now, 60)).toBe(120);
    expect(meter.lastMinute(now)).toBe(120);
    expect(meter.countOver(now, 600)).toBe(120); // at most a minute
    expect(meter.total).toBe(139);
  });

  it('forgets seconds the clock skipped over, and a long silence entirely', () => {
    const meter = new RenewRateMeter();
    meter.record(T0);
    meter.record(T0 + 1000);
    expect(meter.lastMinute(T0 + 2000)).toBe(2);
    expect(meter.lastMinute(T0 + 61_000)).toBe(1);
    meter.record(T0 + 5 * 60_000);
    expect(meter.lastMinute(T0 + 5 * 60_000 + 1000)).toBe(1);
  });

  it('starts afresh when the clock steps back, rather than freezing on the seconds it counted', () => {
    const meter = new RenewRateMeter();
    for (let s = 0; s < 60; s++) meter.record(T0 + 600_000 + s * 1000);
    expect(meter.lastMinute(T0 + 660_000)).toBe(60);
    // Stepped back 10 minutes: nothing counted yet in the re-lived time, then what arrives.
    expect(meter.lastMinute(T0 + 1000)).toBe(0);
    meter.record(T0 + 1000);
    meter.record(T0 + 1500);
    expect(meter.lastMinute(T0 + 2000)).toBe(2);
    // Within the running second, an earlier reading is the same second.
    meter.record(T0 + 2900);
    meter.record(T0 + 2100);
    expect(meter.countOver(T0 + 3000, 1)).toBe(2);
  });
});

describe('LeaseMix', () => {
  const timed = (id: string, renewalIntervalInSecs: number, durationInSecs: number) =>
    instance('APP', id, {
      leaseInfo: { renewalIntervalInSecs, durationInSecs, registrationTimestamp: 0, lastRenewalTimestamp: 0, evictionTimestamp: 0, serviceUpTimestamp: 0 },
    });

  it('sums the declared renewals per minute and tracks the shortest lease', () => {
    const mix = new LeaseMix(30);
    expect(mix.shortestDurationSecs).toBe(Infinity);
    expect(mix.meanRenewsPerMinute()).toBe(2);
    mix.add(5, 10);
    mix.add(30, 90);
    mix.add(7, 20);
    expect(mix.renewsPerMinute()).toBeCloseTo(12 + 2 + 60 / 7, 9);
    expect(mix.shortestDurationSecs).toBe(10);
    mix.remove(5, 10);
    expect(mix.shortestDurationSecs).toBe(20);
    expect(mix.renewsPerMinute()).toBeCloseTo(2 + 60 / 7, 9);
  });

  it('takes the default interval for an instance that declares none, whole seconds, at least 1 s', () => {
    const mix = new LeaseMix(10);
    const bare = instance('APP', 'bare');
    delete (bare as { leaseInfo?: unknown }).leaseInfo;
    expect(mix.intervalOf(bare)).toBe(10);
    expect(mix.intervalOf(timed('zero', 0, 90))).toBe(10);
    expect(mix.intervalOf(timed('tiny', 0.001, 90))).toBe(1);
    expect(mix.intervalOf(timed('odd', 7.4, 90))).toBe(7);
  });
});
