import { MAX_PAUSE_MS, pauseAfterFailure } from './peer-backoff.policy';

describe('pauseAfterFailure', () => {
  it('starts at the reference pauses: 1000 ms for congestion, 100 ms for network errors', () => {
    expect(pauseAfterFailure('congestion', 1)).toBe(1000);
    expect(pauseAfterFailure('network', 1)).toBe(100);
  });

  it('doubles per consecutive failure up to 30 s', () => {
    expect([1, 2, 3, 4, 5].map((n) => pauseAfterFailure('network', n))).toEqual([100, 200, 400, 800, 1600]);
    expect(pauseAfterFailure('congestion', 5)).toBe(16_000);
    expect(pauseAfterFailure('congestion', 6)).toBe(MAX_PAUSE_MS);
    expect(pauseAfterFailure('network', 1000)).toBe(MAX_PAUSE_MS);
  });
});
