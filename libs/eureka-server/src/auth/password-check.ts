import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { sharedBcryptPool } from './bcrypt-worker.pool';
import { secretsEqual } from './credential-digest';

/** A configured password, ready to check a candidate against; hashes stay hashes. */
export interface PasswordCheck {
  readonly kind: 'plain' | 'bcrypt' | 'scrypt';
  verify(candidate: string): Promise<boolean>;
}

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const SCRYPT = /^\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };

function fail(field: string, problem: string): never {
  throw new Error(`EurekaServerModule: option "${field}" ${problem}`);
}

function scryptKey(candidate: string, salt: Buffer, length: number, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(candidate, salt, length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function plainCheck(password: string): PasswordCheck {
  return { kind: 'plain', verify: async (candidate) => secretsEqual(candidate, password) };
}

function bcryptCheck(field: string, hash: string): PasswordCheck {
  if (!BCRYPT.test(hash)) fail(field, 'must be {bcrypt} followed by a bcrypt hash ($2a$, $2b$ or $2y$, cost, 53 characters)');
  // In a worker thread: a check is tens of milliseconds of CPU that heartbeats must not wait for.
  return { kind: 'bcrypt', verify: (candidate) => sharedBcryptPool().compare(candidate, hash) };
}

function scryptCheck(field: string, encoded: string): PasswordCheck {
  const m = SCRYPT.exec(encoded);
  const N = Number(m?.[1]);
  const r = Number(m?.[2]);
  const p = Number(m?.[3]);
  if (!m || N < 2 || (N & (N - 1)) !== 0 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    fail(field, 'must be {scrypt}$N$r$p$salt$key (N a power of two up to 2^20, base64 salt and key), as `npm run hash-password` writes it');
  }
  const salt = Buffer.from(m[4], 'base64');
  const key = Buffer.from(m[5], 'base64');
  if (key.length < 16) fail(field, 'has a scrypt key shorter than 16 bytes');
  return {
    kind: 'scrypt',
    verify: async (candidate) => timingSafeEqual(await scryptKey(candidate, salt, key.length, N, r, p), key),
  };
}

/**
 * Reads a configured password in Spring's `{id}` notation: `{bcrypt}$2a$10$...`,
 * `{scrypt}$16384$8$1$salt$key` (this project's form, from `hashPassword`), `{noop}plain`, or
 * plain text. An unknown `{id}` or a bare bcrypt hash stops start-up (a hash taken for a
 * password would lock everyone out without a word).
 */
export function parseEncodedPassword(field: string, value: string): PasswordCheck {
  const id = /^\{([^}]*)\}/.exec(value);
  if (!id) {
    if (BCRYPT.test(value)) fail(field, 'looks like a bcrypt hash: write it as {bcrypt}' + value.slice(0, 7) + '..., or as {noop}... if it is the password itself');
    return plainCheck(value);
  }
  const rest = value.slice(id[0].length);
  switch (id[1]) {
    case 'noop':
      if (rest.length === 0) fail(field, 'must not be empty');
      return plainCheck(rest);
    case 'bcrypt':
      return bcryptCheck(field, rest);
    case 'scrypt':
      return scryptCheck(field, rest);
    default:
      return fail(field, `uses the unsupported encoding {${id[1]}} (supported: {bcrypt}, {scrypt}, {noop})`);
  }
}

/** `{scrypt}$16384$8$1$salt$key` for `password`: what to put in the configuration instead of it. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  const key = await scryptKey(password, salt, keyBytes, N, r, p);
  return `{scrypt}$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}
