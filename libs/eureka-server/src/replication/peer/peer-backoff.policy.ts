/** Why sending to a peer is paused (spec §12.2). */
export type PauseReason = 'congestion' | 'network';

/** 503 or read time-out: the reference pauses 1000 ms. */
export const CONGESTION_PAUSE_MS = 1000;
/** Network error (connection refused, reset, connect time-out): the reference pauses 100 ms. */
export const NETWORK_PAUSE_MS = 100;
/** Consecutive failures double the pause up to this (not in the reference, which never grows it). */
export const MAX_PAUSE_MS = 30_000;

/**
 * The pause after the `consecutive`-th failure in a row (1-based): the reason's base pause,
 * doubled per earlier failure, capped at `MAX_PAUSE_MS`.
 */
export function pauseAfterFailure(reason: PauseReason, consecutive: number): number {
  const base = reason === 'congestion' ? CONGESTION_PAUSE_MS : NETWORK_PAUSE_MS;
  const doublings = Math.max(0, Math.min(consecutive - 1, 30));
  return Math.min(MAX_PAUSE_MS, base * 2 ** doublings);
}
