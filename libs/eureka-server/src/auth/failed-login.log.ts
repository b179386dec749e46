import { Logger } from '@nestjs/common';

/** One summary line per address and window at most. */
export const FAILED_LOGIN_LOG_WINDOW_MS = 60_000;
/** Addresses summed up at once; past it the oldest is written out and forgotten. */
const MAX_ADDRESSES = 4096;
/** Longest user name shown. */
const MAX_NAME_SHOWN = 64;

interface Window {
  start: number;
  count: number;
  lastUser: string;
}

/**
 * Failed authentications, logged so that guessing stays visible without flooding the log: the
 * first failure from an address is logged at once; then, per window, one line with how many more
 * failed and the last user name tried. Never a password, token or header. Lines for a window are
 * written when it ends (an unref'd timer, running only while some address has failures to report).
 */
export class FailedLoginLog {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Pick<Logger, 'warn'> = new Logger('EurekaServerAuth'),
    private readonly now: () => number = Date.now,
    private readonly windowMs = FAILED_LOGIN_LOG_WINDOW_MS,
  ) {}

  record(address: string, user: string, reason: string): void {
    this.flush(false);
    const window = this.windows.get(address);
    if (window) {
      window.count++;
      window.lastUser = user;
      return;
    }
    if (this.windows.size >= MAX_ADDRESSES) this.writeOut(this.windows.keys().next().value as string);
    this.windows.set(address, { start: this.now(), count: 0, lastUser: user });
    this.logger.warn(
      `authentication failed from ${address}: ${reason} (user ${shown(user)}); further failures from this address are counted and logged once per ${this.windowMs / 1000} s`,
    );
    this.timer ??= setInterval(() => this.flush(false), this.windowMs).unref();
  }

  /**
   * Writes the windows that have ended (all of them with `everything`). The map is in window start
   * order (an entry is never moved), so the scan stops at the first window still open: a failure
   * costs the windows it ends, not a walk over every address.
   */
  flush(everything: boolean): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (!everything && now - window.start < this.windowMs) break;
      this.writeOut(address);
    }
    if (this.windows.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    this.flush(true);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private writeOut(address: string): void {
    const window = this.windows.get(address);
    if (!window) return;
    this.windows.delete(address);
    if (window.count === 0) return;
    const seconds = Math.max(1, Math.round((this.now() - window.start) / 1000));
    this.logger.warn(`${window.count} more failed authentication(s) from ${address} in the last ${seconds} s (last user name tried: ${shown(window.lastUser)})`);
  }
}

function shown(user: string): string {
  return JSON.stringify(user.length > MAX_NAME_SHOWN ? `${user.slice(0, MAX_NAME_SHOWN)}...` : user);
}
