/** Error codes meaning the request never got an HTTP answer from that instance. */
export const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

/**
 * True when an axios error (or a plain Node error) is a connection failure worth trying another
 * instance for: refused, reset, unreachable, or a timeout before any response. HTTP error statuses
 * (an error carrying a `response`) never are.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const err = error as { code?: unknown; response?: unknown; cause?: { code?: unknown } };
  if (err.response !== undefined && err.response !== null) return false;
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && CONNECTION_FAILURE_CODES.has(code)) return true;
  const cause = typeof err.cause?.code === 'string' ? err.cause.code : undefined;
  return cause !== undefined && CONNECTION_FAILURE_CODES.has(cause);
}
