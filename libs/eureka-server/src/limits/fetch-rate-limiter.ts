import { Logger } from '@nestjs/common';
import type { Clock } from '../clock/clock';
import type { EurekaServerOptions } from '../config/eureka-server.options';
import { LimitViolationLog, clientAddressOf } from './limit-violation.log';

/** The registry fetches the limiter guards: `GET apps`, `GET apps/delta`, `GET apps/{app}`. */
export type FetchTarget = 'full' | 'delta' | 'app';

/** The header clients name themselves in (`AbstractEurekaIdentity.AUTH_NAME_HEADER_KEY`), as Node lowercases it. */
export const CLIENT_NAME_HEADER = 'discoveryidentity-name';

/** The standard Java client and Eureka servers replicating to each other: never limited by default. */
export const STANDARD_CLIENT_NAMES: readonly string[] = Object.freeze(['DefaultClient', 'DefaultServer']);

/** How often a client that keeps going over the limit is logged again. */
export const RATE_LIMIT_LOG_INTERVAL_MS = 60_000;

export type FetchRateLimiterOptions = Pick<
  EurekaServerOptions,
  | 'rateLimiterEnabled'
  | 'rateLimiterLogOnly'
  | 'rateLimiterThrottleStandardClients'
  | 'rateLimiterPrivilegedClients'
  | 'rateLimiterBurstSize'
  | 'rateLimiterRegistryFetchAverageRate'
  | 'rateLimiterFullFetchAverageRate'
>;

/**
 * A token bucket: holds up to `size` tokens, starts full, gains `perSecond` whole tokens a second.
 * Time not yet worth a whole token is carried over, so the long-run rate is exact. A size or rate
 * of 0 means unlimited. Plain numbers only: taking a token allocates nothing.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;
  private readonly unlimited: boolean;

  constructor(
    readonly size: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.unlimited = size <= 0 || perSecond <= 0;
    this.tokens = size;
    this.lastRefill = now;
  }

  /** Takes a token if there is one; false when the bucket is empty. */
  tryTake(now: number): boolean {
    if (this.unlimited) return true;
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens left after refilling up to `now`. */
  available(now: number): number {
    if (this.unlimited) return Infinity;
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefill;
    if (elapsed < 0) {
      // The clock went backwards: count from the new time instead of waiting for the old one.
      this.lastRefill = now;
      return;
    }
    const earned = Math.floor((elapsed * this.perSecond) / 1000);
    if (earned <= 0) return;
    this.lastRefill += (earned * 1000) / this.perSecond;
    this.tokens = Math.min(this.size, this.tokens + earned);
  }
}

/**
 * The registry-fetch rate limit of the reference's `RateLimitingFilter`: one bucket shared by every
 * full, delta and application fetch (`rateLimiterRegistryFetchAverageRate`) and a second one for
 * full fetches only (`rateLimiterFullFetchAverageRate`), both `rateLimiterBurstSize` deep. The
 * buckets are global, not per client: they cap the load all unprivileged clients together put on
 * the server. Clients naming themselves `DefaultClient` or `DefaultServer` (or one of
 * `rateLimiterPrivilegedClients`) in `DiscoveryIdentity-Name` are never limited, unless
 * `rateLimiterThrottleStandardClients`.
 *
 * Over the limit: `admit` returns false (the caller answers an empty 503) unless
 * `rateLimiterLogOnly`, where the request is served and only logged. Either way the client address
 * is logged at most once per `RATE_LIMIT_LOG_INTERVAL_MS`.
 */
export class FetchRateLimiter {
  /** False in log-only mode: over-limit requests are served. */
  readonly enforcing: boolean;
  /** Names never limited; undefined when every client is limited. */
  private readonly privileged: ReadonlySet<string> | undefined;
  private readonly allFetches: TokenBucket;
  private readonly fullFetches: TokenBucket;
  private readonly log: LimitViolationLog;
  private readonly outcome: string;
  private readonly fetchMessage: string;
  private readonly fullFetchMessage: string;

  /** The limiter the options ask for, or undefined when rate limiting is off (the default). */
  static fromOptions(options: FetchRateLimiterOptions, clock: Clock, logger?: Pick<Logger, 'warn'>): FetchRateLimiter | undefined {
    if (!options.rateLimiterEnabled && !options.rateLimiterLogOnly) return undefined;
    return new FetchRateLimiter(options, clock, logger);
  }

  constructor(
    options: FetchRateLimiterOptions,
    private readonly clock: Clock,
    logger: Pick<Logger, 'warn'> = new Logger('EurekaServerLimits'),
  ) {
    this.enforcing = !options.rateLimiterLogOnly;
    // The reference checks `throttleStandardClients` first: when set, the configured privileged
    // clients are limited too, not only the standard ones.
    this.privileged = options.rateLimiterThrottleStandardClients
      ? undefined
      : new Set([...STANDARD_CLIENT_NAMES, ...parseClientNames(options.rateLimiterPrivilegedClients)]);
    const now = clock.now();
    const burst = options.rateLimiterBurstSize;
    this.allFetches = new TokenBucket(burst, options.rateLimiterRegistryFetchAverageRate, now);
    this.fullFetches = new TokenBucket(burst, options.rateLimiterFullFetchAverageRate, now);
    this.log = new LimitViolationLog(logger, undefined, { clock, forgetAfterMs: RATE_LIMIT_LOG_INTERVAL_MS });
    this.outcome = this.enforcing ? 'rejected with 503' : 'served (rateLimiterLogOnly)';
    this.fetchMessage = `registry fetches over rateLimiterRegistryFetchAverageRate (${options.rateLimiterRegistryFetchAverageRate}/s, rateLimiterBurstSize ${burst})`;
    this.fullFetchMessage = `full fetches over rateLimiterFullFetchAverageRate (${options.rateLimiterFullFetchAverageRate}/s, rateLimiterBurstSize ${burst})`;
  }

  /**
   * Whether a fetch may be served: true for privileged clients and while tokens last. `clientName`
   * is the `DiscoveryIdentity-Name` header; `peer` is the request or response, read for the client
   * address only when something is logged. Allocates nothing unless it logs.
   */
  admit(target: FetchTarget, clientName: string | undefined, peer: unknown): boolean {
    if (this.privileged !== undefined && clientName !== undefined && this.privileged.has(clientName)) return true;
    const now = this.clock.now();
    const fetchAllowed = this.allFetches.tryTake(now);
    // As in the reference, a full fetch draws on both buckets even when the first one is empty.
    const fullAllowed = target !== 'full' || this.fullFetches.tryTake(now);
    if (fetchAllowed && fullAllowed) return true;
    this.log.report(clientAddressOf(peer), fullAllowed ? this.fetchMessage : this.fullFetchMessage, this.outcome, clientName);
    return !this.enforcing;
  }
}

/** `a, b,,c` -> `['a', 'b', 'c']`. */
export function parseClientNames(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
