import { Logger } from '@nestjs/common';
import type { Clock } from '../clock/clock';

/** Client addresses remembered by default; once full, the oldest is forgotten. */
export const DEFAULT_REMEMBERED_ADDRESSES = 1024;

/** Longest client name shown in a warning. */
const MAX_NAME_SHOWN = 64;

/** With `forgetAfterMs`: every address is forgotten this often, so it is logged again. */
export interface ViolationLogInterval {
  clock: Clock;
  forgetAfterMs: number;
}

/**
 * Logs a limit violation once per client address, not once per request: a client hammering the
 * server with oversized registrations produces one warning. The set of addresses is bounded
 * (oldest forgotten first), so hostile clients cannot grow it without limit. Given an interval,
 * the set is emptied every `forgetAfterMs`: at most one warning per address per interval.
 */
export class LimitViolationLog {
  private readonly seen = new Set<string>();
  private windowStart = 0;
  private readonly suffix: string;

  constructor(
    private readonly logger: Pick<Logger, 'warn'> = new Logger('EurekaServerLimits'),
    private readonly capacity = DEFAULT_REMEMBERED_ADDRESSES,
    private readonly interval?: ViolationLogInterval,
  ) {
    this.suffix = interval
      ? `further ones from this address are not logged for ${interval.forgetAfterMs / 1000} s`
      : 'further violations from this address are not logged';
    if (interval) this.windowStart = interval.clock.now();
  }

  /**
   * Logs `message` for `address` unless that address was logged before (in this interval); true
   * when it logged. `outcome` says what happened to the request (`rejected` unless told); `client`,
   * a name the client gave itself, is shown quoted and shortened.
   */
  report(address: string | undefined, message: string, outcome = 'rejected', client?: string): boolean {
    const key = address || 'unknown';
    if (this.interval) this.forgetWhenDue(this.interval);
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
    this.seen.add(key);
    const named = client === undefined ? '' : ` named ${JSON.stringify(client.length > MAX_NAME_SHOWN ? `${client.slice(0, MAX_NAME_SHOWN)}...` : client)}`;
    this.logger.warn(`request from ${key}${named} ${outcome}: ${message} (${this.suffix})`);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetWhenDue(interval: ViolationLogInterval): void {
    const now = interval.clock.now();
    // A clock that went backwards starts a new interval too.
    if (now - this.windowStart >= interval.forgetAfterMs || now < this.windowStart) {
      this.seen.clear();
      this.windowStart = now;
    }
  }
}

/** The peer address of an Express or Fastify request (Fastify keeps the Node request in `raw`). */
export function clientAddressOf(req: unknown): string | undefined {
  const r = req as { raw?: { socket?: { remoteAddress?: string } }; socket?: { remoteAddress?: string } };
  return r.raw?.socket?.remoteAddress ?? r.socket?.remoteAddress;
}
