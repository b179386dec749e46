import { Logger } from '@nestjs/common';
import { decodeApplicationsJson } from '@nest-eureka/protocol';
import { InstanceRegistry } from '../registry/instance-registry';
import { parsePeerServiceUrl, scrubCredentials } from './peer/peer-service-url.parser';

export interface StartupSyncOptions {
  registrySyncRetries: number;
  registrySyncRetryWaitMs: number;
  peerNodeConnectTimeoutMs: number;
  peerNodeReadTimeoutMs: number;
}

export interface StartupSyncResult {
  synced: number;
  /** Attempts started so far (each asks every peer in turn); counted as they start, so stats show progress. */
  attempts: number;
  /** True once the sync has ended (copied something, or used its attempts). */
  done?: boolean;
}

/**
 * Start-up sync (spec §12.5): `GET {peer}apps/` from the peers in turn until one returns
 * instances, registering each as a replication (so nothing is forwarded). Up to
 * `registrySyncRetries` attempts while nothing was copied, `registrySyncRetryWaitMs` apart.
 * Every request is bounded by the peer timeouts; `stopped()` ends the wait early on shutdown.
 * `progress` is updated as the sync goes (attempts started, instances copied, done).
 */
export async function syncFromPeers(
  peers: readonly string[],
  registry: InstanceRegistry,
  options: StartupSyncOptions,
  stopped: () => boolean,
  logger = new Logger('EurekaReplication'),
  progress: StartupSyncResult = { synced: 0, attempts: 0 },
): Promise<StartupSyncResult> {
  for (let attempt = 0; attempt < options.registrySyncRetries && !stopped(); attempt++) {
    if (attempt > 0) await sleep(options.registrySyncRetryWaitMs, stopped);
    progress.attempts++;
    for (const peer of peers) {
      if (stopped()) break;
      try {
        const doc = await fetchRegistry(peer, options.peerNodeConnectTimeoutMs + options.peerNodeReadTimeoutMs);
        let count = 0;
        for (const app of doc.applications) {
          for (const instance of app.instances) {
            registry.register(instance, true);
            count++;
          }
        }
        if (count > 0) {
          logger.log(`start-up sync: copied ${count} instance(s) from ${scrubCredentials(peer)}`);
          progress.synced = count;
          progress.done = true;
          return progress;
        }
      } catch (error) {
        logger.warn(`start-up sync from ${scrubCredentials(peer)} failed: ${(error as Error).message}`);
      }
    }
  }
  progress.done = true;
  return progress;
}

async function fetchRegistry(peer: string, timeoutMs: number) {
  const { displayUrl, authorization } = parsePeerServiceUrl(peer);
  // Named as the reference's peers name themselves, so a peer's fetch rate limiter exempts it.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip', 'DiscoveryIdentity-Name': 'DefaultServer' };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${displayUrl}apps/`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) throw new Error(`GET apps/ answered ${response.status}`);
  return decodeApplicationsJson(await response.text());
}

function sleep(ms: number, stopped: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => (stopped() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(100, ms)).unref());
    tick();
  });
}
