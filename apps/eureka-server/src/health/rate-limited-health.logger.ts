import { Injectable, Logger, LoggerService } from '@nestjs/common';

/** At most one failed-health line per window; the next line says how many were left out. */
export const HEALTH_LOG_WINDOW_MS = 60_000;

/**
 * Terminus's logger for `/health`: Terminus writes an ERROR line (several hundred bytes, the whole
 * result) for every 503, and `/health` is unauthenticated, so any caller could fill the log during a
 * start-up sync or a read gate. This logs the first failure, then at most one per
 * `HEALTH_LOG_WINDOW_MS`, saying how many failed checks it left out in between. Other levels pass.
 */
@Injectable()
export class RateLimitedHealthLogger implements LoggerService {
  private readonly logger = new Logger('HealthCheck');
  private lastErrorAt = -Infinity;
  private suppressed = 0;
  /** The clock (replaceable in tests). */
  now: () => number = Date.now;

  error(message: unknown, ...rest: unknown[]): void {
    const now = this.now();
    if (now - this.lastErrorAt < HEALTH_LOG_WINDOW_MS) {
      this.suppressed++;
      return;
    }
    const left = this.suppressed;
    this.lastErrorAt = now;
    this.suppressed = 0;
    const note = left > 0 ? ` (${left} failed health check(s) not logged since the last line; at most one line per ${HEALTH_LOG_WINDOW_MS / 1000} s)` : '';
    this.logger.error(`${String(message)}${note}`, ...rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.logger.log(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.logger.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.logger.debug(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.logger.verbose(message, ...rest);
  }
}
