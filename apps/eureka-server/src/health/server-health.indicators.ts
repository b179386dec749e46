import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EUREKA_SERVER_OPTIONS, EurekaServerOptions, InstanceRegistry, PeerReplication, RENEW_RATE_WINDOW_MS } from '@nest-eureka/server';

/** Renewals are counted per minute: the figures mean something once a full minute has been counted. */
export { RENEW_RATE_WINDOW_MS };

export interface PeerReachability {
  /** Peers replicated to (the configured URLs less this server's own). */
  peers: number;
  /** Their last batch was answered with 2xx. */
  reachable: number;
  /** Their last batch failed. */
  unreachable: number;
  /** No batch sent yet (nothing to replicate so far). */
  notContactedYet: number;
  /** URLs (without credentials) of the unreachable ones. */
  unreachableUrls: string[];
}

/**
 * Terminus indicators of the registry server. Only `warmup` can be DOWN (503): the server does not
 * serve registry reads yet. Self-preservation holding back evictions, renewals under the threshold
 * and unreachable peers make the check `degraded` (still 200): that is how a registry rides out a
 * network partition, not a reason to restart it. Those two renewal-based states are reported once the
 * server is warmed up (open for traffic, and a full minute of renewals counted); before that the
 * renewal count is 0 by construction.
 */
@Injectable()
export class ServerHealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly registry: InstanceRegistry,
    private readonly replication: PeerReplication,
    @Inject(EUREKA_SERVER_OPTIONS) private readonly options: EurekaServerOptions,
  ) {}

  /** Open for traffic (start-up sync done) and answering registry reads; warmed up a minute later. */
  warmup<const Key extends string>(key: Key) {
    const openForTraffic = this.registry.startedAt > 0;
    const readsAllowed = this.registry.shouldAllowAccess();
    const data = { warmedUp: this.warmedUp(), openForTraffic, readsAllowed, openForMs: openForTraffic ? Date.now() - this.registry.startedAt : null };
    const check = this.indicators.check(key);
    if (!openForTraffic) return check.down({ ...data, message: 'not open for traffic yet: start-up sync from peers still running' });
    if (!readsAllowed) return check.down({ ...data, message: 'registry reads refused after an empty start-up sync (waitTimeInMsWhenSyncEmpty)' });
    return check.up(data);
  }

  /** Whether self-preservation is on, and whether it currently holds back evictions. */
  selfPreservation<const Key extends string>(key: Key) {
    const enabled = this.registry.selfPreservation.enabled;
    const leaseExpirationEnabled = this.registry.isLeaseExpirationEnabled();
    const data = { enabled, active: enabled && !leaseExpirationEnabled, leaseExpirationEnabled };
    const check = this.indicators.check(key);
    if (data.active && this.registry.renewalsJudged()) {
      return check.degraded({ ...data, message: 'renewals are under the threshold: expired leases are not evicted' });
    }
    return check.up(data);
  }

  /**
   * Renewals per minute against the self-preservation threshold, measured over the last
   * `measuredOverSeconds` (a minute, or the shortest lease held when that is shorter).
   */
  renews<const Key extends string>(key: Key) {
    const measured = this.registry.renewsPerMinute();
    const renewsPerMinute = Math.round(measured);
    const measuredOverSeconds = this.registry.renewals.windowSeconds();
    const threshold = this.registry.selfPreservation.numberOfRenewsPerMinThreshold;
    const data = { renewsPerMinute, measuredOverSeconds, threshold, belowThreshold: measured <= threshold, instances: this.registry.size };
    const check = this.indicators.check(key);
    if (this.registry.isBelowRenewThreshold()) {
      return check.degraded({ ...data, message: `${renewsPerMinute} renewals per minute over the last ${measuredOverSeconds} s, threshold ${threshold}` });
    }
    return check.up(data);
  }

  /** Configured peer servers and whether replication reaches them; degraded while one does not answer. */
  peers<const Key extends string>(key: Key) {
    const configured = configuredPeerUrls(this.options).length;
    const reachability = this.peerReachability();
    const check = this.indicators.check(key);
    if (configured === 0 && reachability.peers === 0) return check.up({ configured, replication: 'not configured' });
    const data = { configured, ...reachability };
    if (reachability.unreachable === 0) return check.up(data);
    return check.degraded({ ...data, message: `replication to ${reachability.unreachableUrls.join(', ')} failed` });
  }

  /** Reachability of the peers as peer replication last saw it (each peer's last batch call). */
  peerReachability(): PeerReachability {
    const peers = this.replication.stats().peers;
    const unreachable = peers.filter((peer) => !peer.reachable && peer.lastFailureAt !== undefined);
    const reachable = peers.filter((peer) => peer.reachable).length;
    return {
      peers: peers.length,
      reachable,
      unreachable: unreachable.length,
      notContactedYet: peers.length - reachable - unreachable.length,
      unreachableUrls: unreachable.map((peer) => peer.url),
    };
  }

  private warmedUp(): boolean {
    const startedAt = this.registry.startedAt;
    return startedAt > 0 && this.registry.shouldAllowAccess() && Date.now() - startedAt >= RENEW_RATE_WINDOW_MS;
  }
}

/**
 * The peer service URLs in the server options (`peerEurekaNodeUrls`, comma-separated; the standalone
 * server reads it from `EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE`), this server's own URL included.
 */
export function configuredPeerUrls(options: EurekaServerOptions): string[] {
  return options.peerEurekaNodeUrls
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
}
