import { loadAuthEnvConfig } from './auth-env.config';

describe('loadAuthEnvConfig', () => {
  it('is undefined when no variable is set (no authentication)', () => {
    expect(loadAuthEnvConfig({})).toBeUndefined();
    expect(loadAuthEnvConfig({ EUREKA_AUTH_USERNAME: '  ', EUREKA_AUTH_PASSWORD: '' })).toBeUndefined();
  });

  it('turns authentication on with one user holding every role', () => {
    expect(loadAuthEnvConfig({ EUREKA_AUTH_USERNAME: 'admin', EUREKA_AUTH_PASSWORD: 's3cret' })).toEqual({
      users: [{ username: 'admin', password: 's3cret' }],
    });
  });

  it('reads more users, tokens, anonymous roles and the realm', () => {
    const auth = loadAuthEnvConfig({
      EUREKA_AUTH_USERNAME: 'admin',
      EUREKA_AUTH_PASSWORD: 's3cret',
      EUREKA_AUTH_USERS: '[{"username":"reader","password":"r","roles":["read"]}]',
      EUREKA_AUTH_TOKENS: '[{"name":"ci","token":"0123456789abcdef0","roles":["read"]}]',
      EUREKA_AUTH_ANONYMOUS: 'read, dashboard',
      EUREKA_AUTH_REALM: 'registry',
    });
    expect(auth).toEqual({
      users: [
        { username: 'admin', password: 's3cret' },
        { username: 'reader', password: 'r', roles: ['read'] },
      ],
      tokens: [{ name: 'ci', token: '0123456789abcdef0', roles: ['read'] }],
      anonymous: ['read', 'dashboard'],
      realm: 'registry',
    });
  });

  it.each([
    [{ EUREKA_AUTH_USERNAME: 'admin' }, 'EUREKA_AUTH_USERNAME is set without EUREKA_AUTH_PASSWORD'],
    [{ EUREKA_AUTH_PASSWORD: 'hidden-secret' }, 'EUREKA_AUTH_PASSWORD is set without EUREKA_AUTH_USERNAME'],
    [{ EUREKA_AUTH_USERS: '[{"username":"a","password":"hidden-secret"' }, 'EUREKA_AUTH_USERS must be a JSON list (syntax error at position'],
    [{ EUREKA_AUTH_USERS: '{"username":"a"}' }, 'EUREKA_AUTH_USERS must be a JSON list'],
    [{ EUREKA_AUTH_USERS: '[{"username":"a","password":"{sha1}hidden-secret"}]' }, 'option "auth.users[0].password" uses the unsupported encoding {sha1}'],
    [{ EUREKA_AUTH_USERNAME: 'a', EUREKA_AUTH_PASSWORD: 'p', EUREKA_AUTH_ANONYMOUS: 'read,all' }, 'EUREKA_AUTH_ANONYMOUS="read,all" must list roles among read, write, replicate, dashboard'],
    [{ EUREKA_AUTH_ANONYMOUS: 'read' }, 'option "auth" needs at least one user or token'],
  ])('%j -> %s', (env, message) => {
    let thrown = '';
    try {
      loadAuthEnvConfig(env);
    } catch (error) {
      thrown = (error as Error).message;
    }
    expect(thrown).toContain(message);
    expect(thrown).not.toContain('hidden-secret');
  });
});
