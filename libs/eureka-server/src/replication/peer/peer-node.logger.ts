import { Logger } from '@nestjs/common';
import { Clock } from '../../clock/clock';
import { scrubCredentials } from './peer-service-url.parser';

/** The sending state of one peer, as far as logging is concerned. */
export type PeerSendState = 'ok' | 'congested' | 'unreachable' | 'rejecting';

/** Item failures and handler errors: at most one warning per peer per this window. */
export const ITEM_WARNING_WINDOW_MS = 60_000;

const STATE_TEXT: Record<Exclude<PeerSendState, 'ok'>, string> = {
  congested: 'peer is congested (503 or read time-out); batches are re-queued and sending backs off',
  unreachable: 'peer is unreachable; batches are re-queued and sending backs off',
  rejecting: 'peer rejects batches; they are dropped',
};

/**
 * Logging of one peer's sender, rate-limited so a dead or failing peer cannot flood the log:
 * one warning when the sending state changes (and one line when it recovers), and at most one
 * warning per `ITEM_WARNING_WINDOW_MS` about failed items, with the count since the last one.
 * Every text passes through `scrubCredentials`.
 */
export class PeerNodeLogger {
  private readonly logger = new Logger('EurekaReplication');
  private state: PeerSendState = 'ok';
  private failuresInState = 0;
  private lastItemWarningAt?: number;
  private itemFailuresSinceWarning = 0;

  constructor(
    private readonly displayUrl: string,
    private readonly clock: Clock,
  ) {}

  /** Records a batch outcome; logs only when the state changes. */
  batchOutcome(state: PeerSendState, detail?: string): void {
    if (state === this.state) {
      if (state !== 'ok') this.failuresInState++;
      return;
    }
    const previous = this.state;
    const failures = this.failuresInState;
    this.state = state;
    this.failuresInState = state === 'ok' ? 0 : 1;
    if (state === 'ok') {
      this.logger.log(this.clean(`replication to ${this.displayUrl} recovered after ${failures} failed batch call(s) (${previous})`));
    } else {
      this.logger.warn(this.clean(`replication to ${this.displayUrl}: ${STATE_TEXT[state]}${detail ? ` — ${detail}` : ''}`));
    }
  }

  /** Items answered with a non-2xx status nobody handles (`samples`: a few `task -> status`). */
  itemFailures(count: number, samples: readonly string[]): void {
    this.itemFailuresSinceWarning += count;
    this.rateLimited(() => {
      const total = this.itemFailuresSinceWarning;
      this.itemFailuresSinceWarning = 0;
      return `replication to ${this.displayUrl}: ${total} item(s) failed at the peer, e.g. ${samples.join(', ')}`;
    });
  }

  handlerError(what: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.rateLimited(() => `replication to ${this.displayUrl}: ${what} handler failed: ${text}`);
  }

  private rateLimited(message: () => string): void {
    const now = this.clock.now();
    if (this.lastItemWarningAt !== undefined && now - this.lastItemWarningAt < ITEM_WARNING_WINDOW_MS) return;
    this.lastItemWarningAt = now;
    this.logger.warn(this.clean(message()));
  }

  private clean(text: string): string {
    return scrubCredentials(text);
  }
}
