import { ExponentialBackoff } from './exponential.backoff';

describe('ExponentialBackoff', () => {
  it('doubles on failure up to base x bound and resets on success', () => {
    const backoff = new ExponentialBackoff(30_000, 10);
    expect(backoff.delayMs).toBe(30_000);
    expect([backoff.failed(), backoff.failed(), backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([
      60_000, 120_000, 240_000, 300_000, 300_000,
    ]);
    expect(backoff.succeeded()).toBe(30_000);
    expect(backoff.failed()).toBe(60_000);
  });

  it('never goes below the base delay, even with a bound under 1', () => {
    const backoff = new ExponentialBackoff(1_000, 0.5);
    expect(backoff.failed()).toBe(1_000);
  });
});
