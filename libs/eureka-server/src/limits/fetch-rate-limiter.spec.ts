import { ManualClock } from '../clock/clock';
import { DEFAULT_SERVER_OPTIONS } from '../config/eureka-server.options';
import { resolveServerOptions } from '../config/resolve-server-options';
import { FetchRateLimiter, FetchRateLimiterOptions, RATE_LIMIT_LOG_INTERVAL_MS, TokenBucket, parseClientNames } from './fetch-rate-limiter';
import { LimitViolationLog } from './limit-violation.log';

const peer = (address: string) => ({ socket: { remoteAddress: address } });
const A = peer('10.0.0.1');
const B = peer('10.0.0.2');

function limiter(overrides: Partial<FetchRateLimiterOptions> = {}, clock = new ManualClock()) {
  const warn = jest.fn();
  const options = { ...DEFAULT_SERVER_OPTIONS, rateLimiterEnabled: true, ...overrides };
  return { limiter: new FetchRateLimiter(options, clock, { warn }), clock, warn };
}

/** How many of `n` requests are admitted, all at the current time. */
function admitted(l: FetchRateLimiter, n: number, target: 'full' | 'delta' | 'app', name?: string, from: unknown = A): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (l.admit(target, name, from)) count++;
  return count;
}

describe('TokenBucket', () => {
  it('starts full, empties, then refills whole tokens at the average rate', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(3, 10, clock.now());
    expect([1, 2, 3, 4].map(() => bucket.tryTake(clock.now()))).toEqual([true, true, true, false]);
    clock.advance(99);
    expect(bucket.tryTake(clock.now())).toBe(false);
    clock.advance(1); // 100 ms = one token at 10/s
    expect(bucket.tryTake(clock.now())).toBe(true);
    expect(bucket.tryTake(clock.now())).toBe(false);
  });

  it('carries time not yet worth a token over, so the long-run rate is exact', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(1, 3, clock.now());
    bucket.tryTake(clock.now());
    let taken = 0;
    for (let ms = 0; ms < 10_000; ms += 50) {
      clock.advance(50);
      if (bucket.tryTake(clock.now())) taken++;
    }
    expect(taken).toBe(30);
  });

  it('never holds more than its size', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(5, 100, clock.now());
    clock.advance(3_600_000);
    expect(bucket.available(clock.now())).toBe(5);
  });

  it('a size or rate of 0 means unlimited', () => {
    expect(Array.from({ length: 1000 }, () => new TokenBucket(0, 10, 0).tryTake(0)).every(Boolean)).toBe(true);
    const noRate = new TokenBucket(2, 0, 0);
    expect(Array.from({ length: 1000 }, () => noRate.tryTake(0)).every(Boolean)).toBe(true);
  });

  it('a clock going backwards does not freeze the bucket', () => {
    const clock = new ManualClock(1_000_000);
    const bucket = new TokenBucket(1, 1, clock.now());
    bucket.tryTake(clock.now());
    clock.set(0);
    expect(bucket.tryTake(clock.now())).toBe(false);
    clock.advance(1000);
    expect(bucket.tryTake(clock.now())).toBe(true);
  });
});

describe('FetchRateLimiter', () => {
  it('is off by default, with the reference defaults', () => {
    const o = resolveServerOptions();
    expect(FetchRateLimiter.fromOptions(o, new ManualClock())).toBeUndefined();
    expect([o.rateLimiterEnabled, o.rateLimiterLogOnly, o.rateLimiterThrottleStandardClients, o.rateLimiterPrivilegedClients]).toEqual([false, false, false, '']);
    expect([o.rateLimiterBurstSize, o.rateLimiterRegistryFetchAverageRate, o.rateLimiterFullFetchAverageRate]).toEqual([10, 500, 100]);
    expect(FetchRateLimiter.fromOptions({ ...o, rateLimiterEnabled: true }, new ManualClock())?.enforcing).toBe(true);
    expect(FetchRateLimiter.fromOptions({ ...o, rateLimiterLogOnly: true }, new ManualClock())?.enforcing).toBe(false);
    expect(() => resolveServerOptions({ rateLimiterBurstSize: -1 })).toThrow(/rateLimiterBurstSize/);
    expect(() => resolveServerOptions({ rateLimiterPrivilegedClients: 3 as never })).toThrow(/rateLimiterPrivilegedClients/);
    expect(resolveServerOptions({ rateLimiterPrivilegedClients: '' }).rateLimiterPrivilegedClients).toBe('');
  });

  it('lets a burst through, then refuses until tokens come back', () => {
    const { limiter: l, clock } = limiter({ rateLimiterBurstSize: 4, rateLimiterRegistryFetchAverageRate: 2, rateLimiterFullFetchAverageRate: 2 });
    expect(admitted(l, 10, 'delta')).toBe(4);
    clock.advance(500);
    expect(admitted(l, 10, 'app')).toBe(1);
    clock.advance(2000);
    expect(admitted(l, 10, 'full')).toBe(4);
  });

  it('full fetches draw on both buckets, delta and application fetches on the shared one only', () => {
    const { limiter: l, clock } = limiter({ rateLimiterBurstSize: 2, rateLimiterRegistryFetchAverageRate: 1000, rateLimiterFullFetchAverageRate: 1 });
    expect(admitted(l, 3, 'full')).toBe(2);
    clock.advance(10); // the shared bucket is full again, the full-fetch one still empty
    expect(admitted(l, 1, 'full')).toBe(0);
    clock.advance(10);
    expect(admitted(l, 2, 'delta')).toBe(2);
    clock.advance(10);
    expect(admitted(l, 2, 'app')).toBe(2);
  });

  it('a refused full fetch still takes a token from the shared bucket, as in the reference', () => {
    const { limiter: l } = limiter({ rateLimiterBurstSize: 3, rateLimiterRegistryFetchAverageRate: 1, rateLimiterFullFetchAverageRate: 1 });
    expect(admitted(l, 1, 'full')).toBe(1);
    // Full-fetch bucket: 2 left; shared: 2 left. Three delta fetches use the shared bucket up.
    expect(admitted(l, 3, 'delta')).toBe(2);
    expect(admitted(l, 1, 'full')).toBe(0);
  });

  it('never limits DefaultClient, DefaultServer or the privileged names', () => {
    const { limiter: l } = limiter({ rateLimiterBurstSize: 1, rateLimiterPrivilegedClients: ' PythonClient , ,NodeClient' });
    expect(admitted(l, 1, 'full', 'custom')).toBe(1);
    expect(admitted(l, 1, 'full', 'custom')).toBe(0);
    expect(admitted(l, 1, 'full')).toBe(0);
    for (const name of ['DefaultClient', 'DefaultServer', 'PythonClient', 'NodeClient']) {
      expect(admitted(l, 50, 'full', name)).toBe(50);
    }
    expect(admitted(l, 1, 'full', 'defaultclient')).toBe(0);
  });

  it('rateLimiterThrottleStandardClients limits the standard and the privileged clients too', () => {
    const { limiter: l } = limiter({ rateLimiterBurstSize: 2, rateLimiterThrottleStandardClients: true, rateLimiterPrivilegedClients: 'PythonClient' });
    expect(admitted(l, 1, 'delta', 'DefaultClient') + admitted(l, 1, 'delta', 'DefaultServer')).toBe(2);
    expect(admitted(l, 1, 'delta', 'DefaultClient')).toBe(0);
    expect(admitted(l, 1, 'delta', 'PythonClient')).toBe(0);
  });

  it('logs a refused client once per address per interval, with its name quoted', () => {
    const { limiter: l, clock, warn } = limiter({ rateLimiterBurstSize: 1, rateLimiterRegistryFetchAverageRate: 1 });
    admitted(l, 20, 'full', 'bad\nname', A);
    admitted(l, 20, 'delta', undefined, B);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toBe(
      'request from 10.0.0.1 named "bad\\nname" rejected with 503: full fetches over rateLimiterFullFetchAverageRate (100/s, rateLimiterBurstSize 1) (further ones from this address are not logged for 60 s)',
    );
    expect(warn.mock.calls[1][0]).toMatch(/^request from 10\.0\.0\.2 rejected with 503: registry fetches over rateLimiterRegistryFetchAverageRate \(1\/s/);
    clock.advance(RATE_LIMIT_LOG_INTERVAL_MS - 1);
    admitted(l, 5, 'delta', undefined, A);
    expect(warn).toHaveBeenCalledTimes(2);
    clock.advance(1);
    admitted(l, 5, 'delta', undefined, A);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('rateLimiterLogOnly serves every request and logs the ones over the limit', () => {
    const { limiter: l, warn } = limiter({ rateLimiterEnabled: false, rateLimiterLogOnly: true, rateLimiterBurstSize: 2 });
    expect(admitted(l, 10, 'full', 'custom')).toBe(10);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^request from 10\.0\.0\.1 named "custom" served \(rateLimiterLogOnly\): /);
  });

  it('log-only wins over rateLimiterEnabled', () => {
    const { limiter: l } = limiter({ rateLimiterEnabled: true, rateLimiterLogOnly: true, rateLimiterBurstSize: 1 });
    expect(l.enforcing).toBe(false);
    expect(admitted(l, 5, 'delta')).toBe(5);
  });

  it('parses the privileged list', () => {
    expect(parseClientNames('')).toEqual([]);
    expect(parseClientNames(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('LimitViolationLog with an interval', () => {
  it('forgets every address each interval, and when the clock goes back', () => {
    const clock = new ManualClock(10_000);
    const warn = jest.fn();
    const log = new LimitViolationLog({ warn }, 10, { clock, forgetAfterMs: 1000 });
    expect([log.report('a', 'x'), log.report('a', 'x'), log.report(undefined, 'x')]).toEqual([true, false, true]);
    expect(warn.mock.calls[0][0]).toBe('request from a rejected: x (further ones from this address are not logged for 1 s)');
    clock.advance(999);
    expect(log.report('a', 'x')).toBe(false);
    clock.advance(1);
    expect(log.report('a', 'x')).toBe(true);
    clock.set(0);
    expect(log.report('a', 'x')).toBe(true);
    expect(log.size).toBe(1);
  });
});
