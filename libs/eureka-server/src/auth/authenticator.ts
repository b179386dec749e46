import { credentialKey, tokenDigest } from './credential-digest';
import { PasswordCheck } from './password-check';
import { Principal, ResolvedAuth } from './resolve-auth-options';

/** Why a request carrying an `Authorization` header was not authenticated. */
export type AuthFailure = 'malformed' | 'unknown-scheme' | 'bad-credentials' | 'busy';

export type AuthOutcome = Principal | AuthFailure;

/** Verified credentials remembered (by SHA-256 of the header), and failed ones; oldest forgotten first. */
const CACHE_CAPACITY = 1024;
/** A failed header is not checked again for this long (repeated tries of one wrong password cost nothing). */
const FAILURE_MEMORY_MS = 60_000;
/** Password hashes checked at once; more concurrent first-time logins are answered 503. */
const MAX_HASH_CHECKS = 8;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= CACHE_CAPACITY) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * Turns an `Authorization` header into a principal. A header seen and verified before costs one
 * SHA-256 and one map lookup (the heartbeat path); a first sight checks the password, which for a
 * bcrypt or scrypt hash takes tens of milliseconds and is bounded in concurrency. Secrets are
 * compared in constant time; an unknown user name costs the same check as a known one.
 */
export class Authenticator {
  private readonly verified = new Map<string, Principal>();
  private readonly failed = new Map<string, number>();
  private readonly pending = new Map<string, Promise<AuthOutcome>>();
  private hashChecks = 0;
  /** Checked for unknown user names, so that their answer takes as long as a known user's. */
  private readonly decoy: PasswordCheck | undefined;

  constructor(
    private readonly auth: ResolvedAuth,
    private readonly now: () => number = Date.now,
  ) {
    const users = [...auth.users.values()];
    this.decoy = (users.find((u) => u.password.kind !== 'plain') ?? users[0])?.password;
  }

  /** The principal, a failure, or a promise of either when a password must be checked first. */
  authenticate(header: string): AuthOutcome | Promise<AuthOutcome> {
    const key = credentialKey(header);
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    const failedAt = this.failed.get(key);
    if (failedAt !== undefined && this.now() - failedAt < FAILURE_MEMORY_MS) return 'bad-credentials';
    const space = header.indexOf(' ');
    if (space <= 0) return 'malformed';
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') return this.settle(key, this.auth.tokens.get(tokenDigest(value)) ?? 'bad-credentials');
    if (scheme !== 'basic') return 'unknown-scheme';
    return this.checkBasic(key, value);
  }

  private checkBasic(key: string, encoded: string): AuthOutcome | Promise<AuthOutcome> {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return 'malformed';
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'malformed';
    const user = this.auth.users.get(decoded.slice(0, colon));
    const check = user?.password ?? this.decoy;
    if (!check) return this.settle(key, 'bad-credentials');
    const running = this.pending.get(key);
    if (running) return running;
    if (check.kind !== 'plain' && this.hashChecks >= MAX_HASH_CHECKS) return 'busy';
    if (check.kind !== 'plain') this.hashChecks++;
    const outcome = check
      .verify(decoded.slice(colon + 1))
      .catch(() => false)
      .then((ok) => this.settle(key, ok && user ? user : 'bad-credentials'))
      .finally(() => {
        if (check.kind !== 'plain') this.hashChecks--;
        this.pending.delete(key);
      });
    this.pending.set(key, outcome);
    return outcome;
  }

  private settle(key: string, outcome: Principal | 'bad-credentials'): AuthOutcome {
    if (outcome === 'bad-credentials') remember(this.failed, key, this.now());
    else remember(this.verified, key, outcome);
    return outcome;
  }
}
