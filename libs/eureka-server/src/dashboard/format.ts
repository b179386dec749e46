/** Time and number formatting shared by the dashboard's pages and its JSON. */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Spring's dashboard time, `yyyy-MM-dd'T'HH:mm:ss Z` in the server's time zone, e.g.
 * `2024-05-01T14:03:07 +0200`.
 */
export function formatServerTime(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    ` ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** A duration in words: `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** `12 s ago`, `in 40 s` (relative to `now`). */
export function formatAge(at: number, now: number): string {
  return at <= now ? `${formatDuration(now - at)} ago` : `in ${formatDuration(at - now)}`;
}
