import { DEFAULT_STATUS_UPDATE_RATE_LIMIT, TokenBucket } from './token-bucket.rate-limiter';

describe('TokenBucket', () => {
  it('allows the reference burst of 2, then one token every 15 s (4 per minute)', () => {
    const bucket = new TokenBucket(DEFAULT_STATUS_UPDATE_RATE_LIMIT, 0);
    expect(bucket.tryAcquire(0)).toBe(true);
    expect(bucket.tryAcquire(0)).toBe(true);
    expect(bucket.tryAcquire(0)).toBe(false);
    expect(bucket.msUntilAvailable(0)).toBe(15_000);
    expect(bucket.msUntilAvailable(10_000)).toBe(5_000);
    expect(bucket.tryAcquire(14_999)).toBe(false);
    expect(bucket.tryAcquire(15_000)).toBe(true);
    expect(bucket.tryAcquire(15_000)).toBe(false);
  });

  it('never holds more than the burst', () => {
    const bucket = new TokenBucket({ burst: 2, perMinute: 4 }, 0);
    const later = 10 * 60_000;
    expect([bucket.tryAcquire(later), bucket.tryAcquire(later), bucket.tryAcquire(later)]).toEqual([true, true, false]);
  });

  it('does not refill when the clock goes backwards', () => {
    const bucket = new TokenBucket({ burst: 1, perMinute: 60 }, 5_000);
    expect(bucket.tryAcquire(5_000)).toBe(true);
    expect(bucket.tryAcquire(1_000)).toBe(false);
    expect(bucket.msUntilAvailable(1_000)).toBe(1_000);
  });

  it('rejects a limit that could never grant a token', () => {
    expect(() => new TokenBucket({ burst: 0, perMinute: 4 })).toThrow(/burst >= 1/);
    expect(() => new TokenBucket({ burst: 2, perMinute: 0 })).toThrow(/perMinute > 0/);
  });
});
