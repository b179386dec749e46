import { Logger } from '@nestjs/common';

/** Client addresses remembered by default; once full, the oldest is forgotten. */
export const DEFAULT_REMEMBERED_ADDRESSES = 1024;

/**
 * Logs a limit violation once per client address, not once per request: a client hammering the
 * server with oversized registrations produces one warning. The set of addresses is bounded
 * (oldest forgotten first), so hostile clients cannot grow it without limit.
 */
export class LimitViolationLog {
  private readonly seen = new Set<string>();

  constructor(
    private readonly logger: Pick<Logger, 'warn'> = new Logger('EurekaServerLimits'),
    private readonly capacity = DEFAULT_REMEMBERED_ADDRESSES,
  ) {}

  /** Logs `message` for `address` unless that address was logged before; true when it logged. */
  report(address: string | undefined, message: string): boolean {
    const key = address || 'unknown';
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
    this.seen.add(key);
    this.logger.warn(`request from ${key} rejected: ${message} (further violations from this address are not logged)`);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** The peer address of an Express or Fastify request (Fastify keeps the Node request in `raw`). */
export function clientAddressOf(req: unknown): string | undefined {
  const r = req as { raw?: { socket?: { remoteAddress?: string } }; socket?: { remoteAddress?: string } };
  return r.raw?.socket?.remoteAddress ?? r.socket?.remoteAddress;
}
