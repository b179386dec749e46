import * as bcrypt from 'bcryptjs';
import { Authenticator } from './authenticator';
import { parseEncodedPassword } from './password-check';
import { ROLE_BITS, resolveAuthOptions } from './resolve-auth-options';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function countingUser(encoded: string) {
  const check = parseEncodedPassword('f', encoded);
  const counted = { kind: check.kind, calls: 0, verify: (c: string) => ((counted.calls += 1), check.verify(c)) };
  return counted;
}

describe('Authenticator', () => {
  const auth = resolveAuthOptions({
    users: [
      { username: 'admin', password: 'admin-pw' },
      { username: 'reader', password: `{bcrypt}${bcrypt.hashSync('reader-pw', 4)}`, roles: ['read'] },
    ],
    tokens: [{ name: 'ci', token: 'ci-token-0123456789', roles: ['read'] }],
  })!;

  it('authenticates basic users (plain or hashed) and bearer tokens with their roles', async () => {
    const a = new Authenticator(auth);
    expect(await a.authenticate(basic('admin', 'admin-pw'))).toMatchObject({ name: 'admin', roles: 15 });
    expect(await a.authenticate(basic('reader', 'reader-pw'))).toMatchObject({ name: 'reader', roles: ROLE_BITS.read });
    expect(a.authenticate('Bearer ci-token-0123456789')).toMatchObject({ name: 'ci', roles: ROLE_BITS.read });
    expect(a.authenticate('BEARER   ci-token-0123456789')).toMatchObject({ name: 'ci' });
  });

  it('answers a header it verified before at once, without checking the password again', async () => {
    const user = countingUser(`{bcrypt}${bcrypt.hashSync('pw', 4)}`);
    const a = new Authenticator({ ...auth, users: new Map([['u', { name: 'u', roles: 1, password: user }]]) });
    const first = a.authenticate(basic('u', 'pw'));
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ name: 'u' });
    for (let i = 0; i < 100; i++) expect(a.authenticate(basic('u', 'pw'))).toMatchObject({ name: 'u' });
    expect(user.calls).toBe(1);
  });

  it('checks one password once for concurrent first requests, and remembers a failure for a minute', async () => {
    let now = 0;
    const user = countingUser(`{bcrypt}${bcrypt.hashSync('pw', 4)}`);
    const a = new Authenticator({ ...auth, users: new Map([['u', { name: 'u', roles: 1, password: user }]]) }, () => now);
    const [x, y] = await Promise.all([a.authenticate(basic('u', 'pw')), a.authenticate(basic('u', 'pw'))]);
    expect(x).toBe(y);
    expect(user.calls).toBe(1);
    expect(await a.authenticate(basic('u', 'bad'))).toBe('bad-credentials');
    expect(a.authenticate(basic('u', 'bad'))).toBe('bad-credentials');
    expect(user.calls).toBe(2);
    now = 61_000;
    expect(await a.authenticate(basic('u', 'bad'))).toBe('bad-credentials');
    expect(user.calls).toBe(3);
  });

  it('spends a hash check on an unknown user name too', async () => {
    const user = countingUser(`{bcrypt}${bcrypt.hashSync('pw', 4)}`);
    const a = new Authenticator({ ...auth, users: new Map([['u', { name: 'u', roles: 1, password: user }]]) });
    expect(await a.authenticate(basic('nobody', 'pw'))).toBe('bad-credentials');
    expect(user.calls).toBe(1);
  });

  it('runs at most 2 hash checks at once per address and 16 in all; the others wait their turn', async () => {
    let running = 0;
    let most = 0;
    const slow = {
      kind: 'bcrypt' as const,
      verify: async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return true;
      },
    };
    const a = new Authenticator({ ...auth, users: new Map([['u', { name: 'u', roles: 1, password: slow }]]) });
    const oneAddress = await Promise.all(Array.from({ length: 6 }, (_, i) => a.authenticate(basic('u', `pw-${i}`), '10.0.0.1')));
    expect(oneAddress.every((o) => typeof o === 'object')).toBe(true);
    expect(most).toBe(2);
    most = 0;
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => a.authenticate(basic('u', `many-${i}`), `10.0.1.${i % 20}`)));
    expect(many.every((o) => typeof o === 'object')).toBe(true);
    expect(most).toBe(16);
  });

  it('refuses an address unchecked once it failed 20 times in a minute, while other addresses and known headers pass', async () => {
    let now = 1_000_000;
    const a = new Authenticator(auth, () => now);
    const good = basic('reader', 'reader-pw');
    expect(await a.authenticate(good, '10.0.0.9')).toMatchObject({ name: 'reader' }); // verified before the flood
    for (let i = 0; i < 20; i++) expect(await a.authenticate(basic('reader', `guess-${i}`), '10.0.0.9')).toBe('bad-credentials');
    expect(a.authenticate(basic('reader', 'guess-20'), '10.0.0.9')).toBe('throttled');
    expect(a.authenticate(basic('admin', 'admin-pw'), '10.0.0.9')).toBe('throttled'); // a new header from there: not checked
    expect(a.retryAfterSeconds('10.0.0.9')).toBe(60);
    expect(a.authenticate(good, '10.0.0.9')).toMatchObject({ name: 'reader' }); // verified headers still pass
    expect(await a.authenticate(basic('admin', 'admin-pw'), '10.0.0.10')).toMatchObject({ name: 'admin' });
    now += 60_000;
    expect(await a.authenticate(basic('admin', 'admin-pw'), '10.0.0.9')).toMatchObject({ name: 'admin' });
  });

  it.each([
    ['Basic', 'malformed'],
    ['Basic ###', 'malformed'],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, 'malformed'],
    ['Digest username="admin"', 'unknown-scheme'],
    ['Bearer wrong-token-0123456789', 'bad-credentials'],
    [basic('admin', 'admin-pw ').trim(), 'bad-credentials'],
  ])('%s -> %s', async (header, outcome) => {
    expect(await new Authenticator(auth).authenticate(header)).toBe(outcome);
  });
});
