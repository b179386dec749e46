import { LoginThrottle, MAX_FAILURES_PER_ADDRESS, addressKey } from './login-throttle';

describe('LoginThrottle', () => {
  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) throttle.failed(`2001:db8:1:2::${i.toString(16)}`);
    expect(throttle.isThrottled('2001:db8:1:2:ffff::9')).toBe(true);
    expect(throttle.isThrottled('2001:db8:1:3::1')).toBe(false);
  });

  it('never forgets a throttled address to make room for new ones', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) throttle.failed('10.9.9.9');
    for (let i = 0; i < 10_000; i++) throttle.isThrottled(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(throttle.isThrottled('10.9.9.9')).toBe(true);
  });

  it('answers every waiting check busy on close, leaving no timer behind', async () => {
    jest.useFakeTimers();
    try {
      const throttle = new LoginThrottle(() => 0);
      const running = await Promise.all([throttle.acquire('10.0.0.1'), throttle.acquire('10.0.0.1')]);
      expect(running).toEqual([{ admitted: true }, { admitted: true }]);
      const waiting = [throttle.acquire('10.0.0.1'), throttle.acquire('10.0.0.1')];
      expect(jest.getTimerCount()).toBe(2);
      throttle.close();
      expect(await Promise.all(waiting)).toEqual([
        { admitted: false, why: 'busy' },
        { admitted: false, why: 'busy' },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
