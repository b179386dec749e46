import { FailedLoginLog } from './failed-login.log';

describe('FailedLoginLog', () => {
  it('logs the first failure of an address at once, then one count per window with the last user name, never a secret', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new FailedLoginLog({ warn: (m: string) => void lines.push(m) }, () => now, 60_000);
    log.record('10.0.0.7', 'admin', 'the credentials are not valid on GET /eureka/apps');
    for (let i = 0; i < 7000; i++) log.record('10.0.0.7', i % 2 ? 'root' : 'admin', 'the credentials are not valid on GET /eureka/apps');
    log.record('10.0.0.8', 'peer', 'the credentials are not valid on POST /eureka/peerreplication/batch/');
    expect(lines).toEqual([
      'authentication failed from 10.0.0.7: the credentials are not valid on GET /eureka/apps (user "admin"); further failures from this address are counted and logged once per 60 s',
      'authentication failed from 10.0.0.8: the credentials are not valid on POST /eureka/peerreplication/batch/ (user "peer"); further failures from this address are counted and logged once per 60 s',
    ]);
    now = 60_000;
    log.flush(false);
    expect(lines[2]).toBe('7000 more failed authentication(s) from 10.0.0.7 in the last 60 s (last user name tried: "root")');
    expect(lines).toHaveLength(3); // 10.0.0.8 had nothing more
    log.record('10.0.0.7', 'x'.repeat(500), 'the credentials are not valid on GET /eureka/apps');
    expect(lines[3]).toContain(`(user "${'x'.repeat(64)}...")`);
    log.close();
  });

  it('writes each window when it ends: a window still open holds back none that ended before it', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new FailedLoginLog({ warn: (m: string) => void lines.push(m) }, () => now, 60_000);
    const fail = (address: string) => log.record(address, 'u', 'bad');
    fail('10.0.0.1');
    now = 10_000;
    fail('10.0.0.2');
    fail('10.0.0.1');
    fail('10.0.0.2');
    fail('10.0.0.2');
    lines.length = 0;
    now = 60_000;
    fail('10.0.0.3'); // ends 10.0.0.1's window only
    expect(lines.filter((l) => l.includes('more failed'))).toEqual(['1 more failed authentication(s) from 10.0.0.1 in the last 60 s (last user name tried: "u")']);
    now = 70_000;
    log.flush(false);
    expect(lines.filter((l) => l.includes('more failed'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('2 more failed authentication(s) from 10.0.0.2 in the last 60 s (last user name tried: "u")');
    log.close();
  });
});
