import { ServerQuarantine } from './server.quarantine';

describe('ServerQuarantine', () => {
  const a = { url: 'http://a/' };
  const b = { url: 'http://b/' };
  const c = { url: 'http://c/' };
  const d = { url: 'http://d/' };
  let now = 1000;
  const quarantine = new ServerQuarantine(30_000, () => now);

  it('skips quarantined servers and keeps the order, at most max', () => {
    expect(quarantine.candidates([a, b, c, d], 3)).toEqual([a, b, c]);
    quarantine.quarantine(a);
    expect(quarantine.isQuarantined(a)).toBe(true);
    expect(quarantine.candidates([a, b, c, d], 3)).toEqual([b, c, d]);
    expect(quarantine.quarantined()).toEqual(['http://a/']);
  });

  it('releases a server after the quarantine period', () => {
    now += 30_000;
    expect(quarantine.isQuarantined(a)).toBe(false);
    expect(quarantine.candidates([a, b], 3)).toEqual([a, b]);
  });

  it('clears the list when every server is quarantined', () => {
    quarantine.quarantine(a);
    quarantine.quarantine(b);
    expect(quarantine.candidates([a, b], 3)).toEqual([a, b]);
    expect(quarantine.quarantined()).toEqual([]);
  });

  it('does nothing with a zero period', () => {
    const none = new ServerQuarantine(0);
    none.quarantine(a);
    expect(none.isQuarantined(a)).toBe(false);
  });
});
