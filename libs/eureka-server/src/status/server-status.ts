import { cpus, totalmem } from 'node:os';

/** `server-uptime` as the reference prints it: `HH:MM`, or `N day(s) HH:MM` past a day. */
export function formatUptime(ms: number): string {
  const minutesTotal = Math.floor(ms / 60_000);
  const days = Math.floor(minutesTotal / 1440);
  const hours = Math.floor((minutesTotal % 1440) / 60);
  const minutes = minutesTotal % 60;
  const hhmm = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  if (days === 0) return hhmm;
  return `${days} ${days === 1 ? 'day' : 'days'} ${hhmm}`;
}

export interface ServerStatusFigures {
  generalStats: Record<string, string>;
  applicationStats: Record<string, string>;
}

export interface ReplicaView {
  url: string;
  reachable: boolean;
}

/**
 * `generalStats` and `applicationStats` of `GET {B}/status` (spec §3.15). Replica lists as the
 * reference prints them: registered ones joined by `, `, available and unavailable ones each
 * followed by `,`. A replica is available when its last replication call got an answer.
 */
export function serverStatusFigures(environment: string, uptimeMs: number, replicas: readonly ReplicaView[] = []): ServerStatusFigures {
  const total = Math.round(totalmem() / (1024 * 1024));
  const used = Math.round(process.memoryUsage().rss / (1024 * 1024));
  const percent = total > 0 ? Math.round((used / total) * 100) : 0;
  return {
    generalStats: {
      'server-uptime': formatUptime(uptimeMs),
      environment,
      'num-of-cpus': String(cpus().length),
      'total-avail-memory': `${total}mb`,
      'current-memory-usage': `${used}mb (${percent}%)`,
    },
    applicationStats: {
      'registered-replicas': replicas.map((r) => r.url).join(', '),
      'available-replicas': replicas.filter((r) => r.reachable).map((r) => `${r.url},`).join(''),
      'unavailable-replicas': replicas.filter((r) => !r.reachable).map((r) => `${r.url},`).join(''),
    },
  };
}
