import { EUREKA_ROLES, EurekaRole, EurekaServerAuthOptions } from '../config/auth.options';
import { PasswordCheck, parseEncodedPassword } from './password-check';
import { tokenDigest } from './credential-digest';

/** Role bits: a principal's roles and a route's requirement are compared as masks. */
export const ROLE_BITS: Readonly<Record<EurekaRole, number>> = Object.freeze({ read: 1, write: 2, replicate: 4, dashboard: 8 });
export const ALL_ROLES = 15;

export interface Principal {
  /** The user name or the token's name; never a secret. */
  readonly name: string;
  readonly roles: number;
}

export interface ResolvedUser extends Principal {
  readonly password: PasswordCheck;
}

export interface ResolvedToken extends Principal {
  /** SHA-256 of the token, hex. */
  readonly digest: string;
}

export interface ResolvedAuth {
  readonly users: ReadonlyMap<string, ResolvedUser>;
  readonly tokens: ReadonlyMap<string, ResolvedToken>;
  readonly anonymous: number;
  readonly realm: string;
}

const KEYS: Record<string, readonly string[]> = {
  auth: ['users', 'tokens', 'anonymous', 'realm'],
  user: ['username', 'password', 'roles'],
  token: ['name', 'token', 'roles'],
};

const SHA256_HEX = /^[0-9a-f]{64}$/i;

function fail(field: string, problem: string): never {
  throw new Error(`EurekaServerModule: option "${field}" ${problem}`);
}

function checkObject(field: string, value: unknown, kind: keyof typeof KEYS): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!KEYS[kind].includes(key)) fail(`${field}.${key}`, `is unknown (known: ${KEYS[kind].join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function checkString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'must be a non-empty string');
  return value;
}

function roleMask(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) fail(field, `must be a list of roles (${EUREKA_ROLES.join(', ')})`);
  let mask = 0;
  value.forEach((role, i) => {
    if (!EUREKA_ROLES.includes(role as EurekaRole)) fail(`${field}[${i}]`, `must be one of ${EUREKA_ROLES.join(', ')}, got ${JSON.stringify(role)}`);
    mask |= ROLE_BITS[role as EurekaRole];
  });
  // A peer's start-up sync fetches the registry: `replicate` includes `read`.
  return mask & ROLE_BITS.replicate ? mask | ROLE_BITS.read : mask;
}

function list(field: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(field, 'must be a list');
  return value;
}

/**
 * Checks `auth` and prepares it for requests: passwords parsed (hashes kept as hashes), tokens
 * reduced to their SHA-256. Null when authentication is off (no `auth`).
 * Throws naming the field (`auth.users[1].password`) on anything malformed, never echoing a secret.
 */
export function resolveAuthOptions(input: EurekaServerAuthOptions | undefined): ResolvedAuth | null {
  if (input === undefined) return null;
  const auth = checkObject('auth', input, 'auth');
  const users = new Map<string, ResolvedUser>();
  list('auth.users', auth.users).forEach((raw, i) => {
    const field = `auth.users[${i}]`;
    const user = checkObject(field, raw, 'user');
    const username = checkString(`${field}.username`, user.username);
    if (username.includes(':')) fail(`${field}.username`, 'must not contain ":" (basic authentication splits at the first one)');
    if (users.has(username)) fail(`${field}.username`, `repeats the user "${username}"`);
    const password = parseEncodedPassword(`${field}.password`, checkString(`${field}.password`, user.password));
    users.set(username, { name: username, password, roles: roleMask(`${field}.roles`, user.roles, ALL_ROLES) });
  });
  const tokens = new Map<string, ResolvedToken>();
  const names = new Set<string>();
  list('auth.tokens', auth.tokens).forEach((raw, i) => {
    const field = `auth.tokens[${i}]`;
    const token = checkObject(field, raw, 'token');
    const name = checkString(`${field}.name`, token.name);
    if (names.has(name)) fail(`${field}.name`, `repeats the token name "${name}"`);
    names.add(name);
    const secret = checkString(`${field}.token`, token.token);
    let digest: string;
    if (secret.startsWith('{sha256}')) {
      digest = secret.slice('{sha256}'.length).toLowerCase();
      if (!SHA256_HEX.test(digest)) fail(`${field}.token`, 'must be {sha256} followed by 64 hex digits');
    } else {
      if (secret.length < 16) fail(`${field}.token`, 'must be at least 16 characters long');
      if (/\s/.test(secret)) fail(`${field}.token`, 'must not contain white space');
      digest = tokenDigest(secret);
    }
    if (tokens.has(digest)) fail(`${field}.token`, 'repeats another token');
    tokens.set(digest, { name, digest, roles: roleMask(`${field}.roles`, token.roles, ALL_ROLES) });
  });
  const anonymous = roleMask('auth.anonymous', auth.anonymous, 0);
  const realm = auth.realm === undefined ? 'eureka' : checkString('auth.realm', auth.realm);
  if (/["\\\r\n]/.test(realm)) fail('auth.realm', 'must not contain quotes, backslashes or line breaks');
  // Loud rather than silently open: an `auth` block without a credential is a configuration mistake.
  if (users.size === 0 && tokens.size === 0) fail('auth', 'needs at least one user or token (leave `auth` out to run without authentication)');
  return { users, tokens, anonymous, realm };
}
