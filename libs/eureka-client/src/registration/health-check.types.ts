/**
 * What an application health check may answer: a boolean, `'UP'`/`'DOWN'`, or a Terminus
 * `HealthCheckResult` (`{ status: 'ok' | 'degraded' | 'error' | 'shutting_down', ... }`).
 * Throwing (Terminus throws `ServiceUnavailableException` when a check is down) counts as DOWN.
 */
export type HealthCheckVerdict = boolean | 'UP' | 'DOWN' | { status: string };

/** An application health check, e.g. `() => health.check([() => db.pingCheck('db')])`. */
export type HealthCheckFunction = () => Promise<HealthCheckVerdict> | HealthCheckVerdict;

/** Maps a verdict to the instance status it stands for. Anything unrecognised is DOWN. */
export function verdictToStatus(verdict: unknown): 'UP' | 'DOWN' {
  if (verdict === true || verdict === 'UP') return 'UP';
  if (verdict !== null && typeof verdict === 'object') {
    const status = (verdict as { status?: unknown }).status;
    return status === 'ok' || status === 'degraded' ? 'UP' : 'DOWN';
  }
  return 'DOWN';
}
