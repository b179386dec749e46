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

  it('bounds concurrent hash checks: beyond 8 at once it answers busy', async () => {
    const slow = { kind: 'bcrypt' as const, verify: () => new Promise<boolean>((r) => setTimeout(() => r(true), 20)) };
    const a = new Authenticator({ ...auth, users: new Map([['u', { name: 'u', roles: 1, password: slow }]]) });
    const outcomes = Array.from({ length: 10 }, (_, i) => a.authenticate(basic('u', `pw-${i}`)));
    expect(outcomes.filter((o) => o === 'busy')).toHaveLength(2);
    await Promise.all(outcomes);
    expect(await a.authenticate(basic('u', 'pw-9'))).toMatchObject({ name: 'u' });
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
