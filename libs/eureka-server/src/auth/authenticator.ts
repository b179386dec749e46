import { credentialKey, tokenDigest } from './credential-digest';
import { LoginThrottle } from './login-throttle';
import { PasswordCheck } from './password-check';
import { Principal, ResolvedAuth } from './resolve-auth-options';

/** Why a request carrying an `Authorization` header was not authenticated. */
export type AuthFailure = 'malformed' | 'unknown-scheme' | 'bad-credentials' | 'busy' | 'throttled';

export type AuthOutcome = Principal | AuthFailure;

/** Verified credentials remembered (by SHA-256 of the header), and failed ones; oldest forgotten first. */
const CACHE_CAPACITY = 1024;
/** A failed header is not checked again for this long (repeated tries of one wrong password cost nothing). */
const FAILURE_MEMORY_MS = 60_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= CACHE_CAPACITY) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * Turns an `Authorization` header into a principal. A header seen and verified before costs one
 * SHA-256 and one map lookup (the heartbeat path); a first sight checks the password, which for a
 * bcrypt or scrypt hash takes tens of milliseconds off the main thread, admitted per client address
 * (`LoginThrottle`: a budget of failures and of checks at once per address, a bound on checks in
 * all). Secrets are compared in constant time; an unknown user name costs the same check as a known one.
 */
export class Authenticator {
  private readonly verified = new Map<string, Principal>();
  private readonly failed = new Map<string, number>();
  private readonly pending = new Map<string, Promise<AuthOutcome>>();
  readonly throttle: LoginThrottle;
  /** Checked for unknown user names, so that their answer takes as long as a known user's. */
  private readonly decoy: PasswordCheck | undefined;

  constructor(
    private readonly auth: ResolvedAuth,
    private readonly now: () => number = Date.now,
  ) {
    this.throttle = new LoginThrottle(now);
    const users = [...auth.users.values()];
    this.decoy = (users.find((u) => u.password.kind !== 'plain') ?? users[0])?.password;
  }

  /**
   * The principal, a failure, or a promise of either when a password must be checked first.
   * `address` is the client's (its failures count against its own budget).
   */
  authenticate(header: string, address = 'unknown'): AuthOutcome | Promise<AuthOutcome> {
    const key = credentialKey(header);
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    if (this.throttle.isThrottled(address)) return 'throttled';
    const failedAt = this.failed.get(key);
    // A header that failed a moment ago is refused from memory: it costs nothing, so it does not count
    // against the address (misconfigured clients behind one proxy keep retrying the same header).
    if (failedAt !== undefined && this.now() - failedAt < FAILURE_MEMORY_MS) return 'bad-credentials';
    const space = header.indexOf(' ');
    if (space <= 0) return this.failure(address, 'malformed');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') return this.settle(key, this.auth.tokens.get(tokenDigest(value)) ?? 'bad-credentials', address);
    if (scheme !== 'basic') return this.failure(address, 'unknown-scheme');
    return this.checkBasic(key, value, address);
  }

  /** Seconds until `address` may try again after `throttled` (at least 1). */
  retryAfterSeconds(address = 'unknown'): number {
    return Math.max(1, Math.ceil(this.throttle.retryAfterMs(address) / 1000));
  }

  private checkBasic(key: string, encoded: string, address: string): AuthOutcome | Promise<AuthOutcome> {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return this.failure(address, 'malformed');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return this.failure(address, 'malformed');
    const user = this.auth.users.get(decoded.slice(0, colon));
    const check = user?.password ?? this.decoy;
    if (!check) return this.settle(key, 'bad-credentials', address);
    const running = this.pending.get(key);
    if (running) return running;
    const candidate = decoded.slice(colon + 1);
    const verify = (): Promise<AuthOutcome> =>
      check
        .verify(candidate)
        // A check that could not run (a worker failed) is no verdict: busy, neither remembered nor counted.
        .then((ok) => this.settle(key, ok && user ? user : 'bad-credentials', address), (): AuthOutcome => 'busy');
    // A plain password costs a string comparison; a hash waits for its turn (LoginThrottle).
    const outcome =
      check.kind === 'plain'
        ? verify()
        : this.throttle.acquire(address).then((admission) => {
            if (!admission.admitted) return admission.why;
            return verify().finally(() => this.throttle.done(address));
          });
    const settled = outcome.finally(() => this.pending.delete(key));
    this.pending.set(key, settled);
    return settled;
  }

  private settle(key: string, outcome: Principal | 'bad-credentials', address: string): AuthOutcome {
    if (outcome === 'bad-credentials') {
      remember(this.failed, key, this.now());
      return this.failure(address, outcome);
    }
    remember(this.verified, key, outcome);
    return outcome;
  }

  private failure(address: string, why: AuthFailure): AuthFailure {
    this.throttle.failed(address);
    return why;
  }
}
