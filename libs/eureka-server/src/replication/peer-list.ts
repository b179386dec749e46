import { hostname, networkInterfaces } from 'node:os';
import { splitUrlList } from '../config/resolve-server-options';

/** What a server knows of itself to find its own URL in the peer list. */
export interface SelfIdentity {
  /** The port this server listens on. */
  port: number;
  /** Lower-case host names and addresses that reach this machine. */
  hosts: ReadonlySet<string>;
  /** `myUrl`, when configured. */
  myUrl?: string;
}

export function localIdentity(port: number, myUrl?: string): SelfIdentity {
  const hosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', hostname().toLowerCase()]);
  for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) hosts.add(a.address.toLowerCase());
  return { port, hosts, myUrl: myUrl || undefined };
}

/** A service URL with a trailing slash (clients append `apps/...`). */
export function normaliseServiceUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Same server: same host (case-insensitive), port and path, credentials ignored. */
function sameEndpoint(a: URL, b: URL): boolean {
  return (
    a.hostname.toLowerCase() === b.hostname.toLowerCase() &&
    effectivePort(a) === effectivePort(b) &&
    normaliseServiceUrl(a.pathname) === normaliseServiceUrl(b.pathname)
  );
}

/**
 * The peers among the configured service URLs: this server's own URL is skipped. Own = equal to
 * `myUrl`, or a host of this machine with this server's port. (The reference compares host names
 * only; with several servers on one host, as in local clusters, the port decides.) Duplicates are
 * dropped; order is kept.
 */
export function resolvePeerUrls(list: string, self: SelfIdentity): string[] {
  const mine = self.myUrl ? new URL(self.myUrl) : undefined;
  const seen = new Set<string>();
  const peers: string[] = [];
  for (const raw of splitUrlList(list)) {
    const url = new URL(normaliseServiceUrl(raw));
    if (mine && sameEndpoint(url, mine)) continue;
    if (self.hosts.has(url.hostname.toLowerCase()) && effectivePort(url) === self.port) continue;
    const key = `${url.hostname.toLowerCase()}:${effectivePort(url)}${url.pathname}`;
    if (seen.has(key)) continue;
    seen.add(key);
    peers.push(normaliseServiceUrl(raw));
  }
  return peers;
}
