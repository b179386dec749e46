import * as bcrypt from 'bcryptjs';
import { ALL_ROLES, ROLE_BITS, resolveAuthOptions } from './resolve-auth-options';
import { tokenDigest } from './credential-digest';

describe('resolveAuthOptions', () => {
  it('is off without auth', () => {
    expect(resolveAuthOptions(undefined)).toBeNull();
  });

  it('gives users and tokens every role by default; replicate includes read', () => {
    const auth = resolveAuthOptions({
      users: [{ username: 'a', password: 'p' }, { username: 'peer', password: 'q', roles: ['replicate'] }],
      tokens: [{ name: 't', token: 'x'.repeat(16), roles: ['write'] }],
    })!;
    expect(auth.users.get('a')!.roles).toBe(ALL_ROLES);
    expect(auth.users.get('peer')!.roles).toBe(ROLE_BITS.replicate | ROLE_BITS.read);
    expect(auth.tokens.get(tokenDigest('x'.repeat(16)))).toMatchObject({ name: 't', roles: ROLE_BITS.write });
    expect(auth.anonymous).toBe(0);
    expect(auth.realm).toBe('eureka');
  });

  it('keeps a token given as its SHA-256', () => {
    const digest = tokenDigest('a-long-enough-token');
    const auth = resolveAuthOptions({ tokens: [{ name: 'ci', token: `{sha256}${digest.toUpperCase()}` }] })!;
    expect(auth.tokens.get(digest)!.name).toBe('ci');
  });

  it.each([
    [{}, 'option "auth" needs at least one user or token'],
    [{ users: [] }, 'option "auth" needs at least one user or token'],
    [{ users: 'admin' }, 'option "auth.users" must be a list'],
    [{ user: [] }, 'option "auth.user" is unknown'],
    [{ users: [{ username: 'a' }] }, 'option "auth.users[0].password" must be a non-empty string'],
    [{ users: [{ username: '', password: 'p' }] }, 'option "auth.users[0].username" must be a non-empty string'],
    [{ users: [{ username: 'a:b', password: 'p' }] }, 'option "auth.users[0].username" must not contain ":"'],
    [{ users: [{ username: 'a', password: 'p' }, { username: 'a', password: 'q' }] }, 'option "auth.users[1].username" repeats the user "a"'],
    [{ users: [{ username: 'a', password: 'p', roles: ['admin'] }] }, 'option "auth.users[0].roles[0]" must be one of read, write, replicate, dashboard, got "admin"'],
    [{ users: [{ username: 'a', password: 'p', role: ['read'] }] }, 'option "auth.users[0].role" is unknown'],
    [{ users: [{ username: 'a', password: '{md5}x' }] }, 'option "auth.users[0].password" uses the unsupported encoding {md5}'],
    [{ tokens: [{ name: 't', token: 'short' }] }, 'option "auth.tokens[0].token" must be at least 16 characters long'],
    [{ tokens: [{ name: 't', token: '{sha256}abc' }] }, 'option "auth.tokens[0].token" must be {sha256} followed by 64 hex digits'],
    [{ tokens: [{ name: 't', token: 'x'.repeat(16) }, { name: 'u', token: 'x'.repeat(16) }] }, 'option "auth.tokens[1].token" repeats another token'],
    [{ users: [{ username: 'a', password: 'p' }], anonymous: ['everything'] }, 'option "auth.anonymous[0]" must be one of'],
    [{ users: [{ username: 'a', password: 'p' }], realm: 'a"b' }, 'option "auth.realm" must not contain quotes'],
  ])('%j -> %s', (input, message) => {
    expect(() => resolveAuthOptions(input as never)).toThrow(message);
  });

  it('never echoes a password or a token in an error', () => {
    const secret = 'S3cret-value-1234567890';
    const bare = bcrypt.hashSync(secret, 4);
    const attempts = [
      { users: [{ username: 'a', password: `{bogus}${secret}` }] },
      { users: [{ username: 'a', password: bare }] },
      { users: [{ username: 'a', password: `{bcrypt}${secret}` }] },
      { users: [{ username: 'a', password: `{scrypt}${secret}` }] },
      { tokens: [{ name: 't', token: `${secret} with space` }] },
    ];
    for (const input of attempts) {
      let message = '';
      try {
        resolveAuthOptions(input as never);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^EurekaServerModule: option "auth\./);
      expect(message).not.toContain(secret);
      expect(message).not.toContain(bare.slice(10));
    }
  });
});
