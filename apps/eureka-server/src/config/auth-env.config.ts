import { EUREKA_ROLES, EurekaRole, EurekaServerAuthOptions, resolveAuthOptions } from '@nest-eureka/server';

export interface AuthEnvVariable {
  variable: string;
  description: string;
}

/** Every authentication variable the standalone server reads; none set = no authentication. */
export const AUTH_ENV_VARIABLES: readonly Readonly<AuthEnvVariable>[] = Object.freeze([
  { variable: 'EUREKA_AUTH_USERNAME', description: 'Turns authentication on with one user holding every role (needs EUREKA_AUTH_PASSWORD)' },
  { variable: 'EUREKA_AUTH_PASSWORD', description: 'That user\'s password: plain, {bcrypt}..., {scrypt}... (npm run hash-password) or {noop}...' },
  { variable: 'EUREKA_AUTH_USERS', description: 'More users, as JSON: [{"username":"reader","password":"{bcrypt}...","roles":["read"]}]' },
  { variable: 'EUREKA_AUTH_TOKENS', description: 'Bearer tokens, as JSON: [{"name":"ci","token":"{sha256}<hex>","roles":["read"]}]' },
  { variable: 'EUREKA_AUTH_ANONYMOUS', description: `Roles granted without credentials, comma-separated (${EUREKA_ROLES.join(', ')})` },
  { variable: 'EUREKA_AUTH_REALM', description: 'Realm of the WWW-Authenticate challenge (default eureka)' },
]);

function read(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  return raw ? raw : undefined;
}

function jsonList(env: NodeJS.ProcessEnv, variable: string): unknown[] | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    // The message of JSON.parse may quote the text, which holds passwords: only its position is kept.
    const at = /position \d+/.exec((error as Error).message)?.[0];
    throw new Error(`${variable} must be a JSON list${at ? ` (syntax error at ${at})` : ''}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${variable} must be a JSON list`);
  return parsed;
}

/**
 * Reads the `auth` option of the standalone server from the environment; undefined when no
 * authentication variable is set. Field problems are reported by the server module, which names
 * the option (`auth.users[0].password`); this names the variable for what it can see itself.
 * Never echoes a value: they may be secrets.
 */
export function loadAuthEnvConfig(env: NodeJS.ProcessEnv): EurekaServerAuthOptions | undefined {
  const username = read(env, 'EUREKA_AUTH_USERNAME');
  const password = read(env, 'EUREKA_AUTH_PASSWORD');
  const users = jsonList(env, 'EUREKA_AUTH_USERS');
  const tokens = jsonList(env, 'EUREKA_AUTH_TOKENS');
  const anonymous = read(env, 'EUREKA_AUTH_ANONYMOUS');
  const realm = read(env, 'EUREKA_AUTH_REALM');
  if (username === undefined && password !== undefined) throw new Error('EUREKA_AUTH_PASSWORD is set without EUREKA_AUTH_USERNAME');
  if (username !== undefined && password === undefined) throw new Error('EUREKA_AUTH_USERNAME is set without EUREKA_AUTH_PASSWORD');
  if ([username, users, tokens, anonymous, realm].every((v) => v === undefined)) return undefined;
  const auth: EurekaServerAuthOptions = { users: [...(users ?? [])] as EurekaServerAuthOptions['users'] };
  if (username !== undefined) auth.users!.unshift({ username, password: password! });
  if (tokens) auth.tokens = tokens as EurekaServerAuthOptions['tokens'];
  if (anonymous !== undefined) {
    const roles = anonymous.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    for (const role of roles) {
      if (!EUREKA_ROLES.includes(role as EurekaRole)) {
        throw new Error(`EUREKA_AUTH_ANONYMOUS=${JSON.stringify(anonymous)} must list roles among ${EUREKA_ROLES.join(', ')}`);
      }
    }
    auth.anonymous = roles as EurekaRole[];
  }
  if (realm !== undefined) auth.realm = realm;
  resolveAuthOptions(auth); // stops start-up here, naming the field, rather than inside Nest
  return auth;
}
