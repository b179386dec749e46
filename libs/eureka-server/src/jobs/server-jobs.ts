import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ResponseCache } from '../cache/response-cache';
import { Clock } from '../clock/clock';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { EUREKA_SERVER_TIMERS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { InstanceRegistry } from '../registry/instance-registry';
import { EvictionJob } from './eviction.job';
import { PeerReplication } from '../replication/peer-replication.service';


/**
 * Opens the registry for traffic at start and runs its timers through `SchedulerRegistry`, with
 * intervals from the options: eviction, delta retention, response-cache
 * refresh and expiry, renewal threshold. Every timer is cleared on shutdown.
 */
@Injectable()
export class ServerJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EurekaServer');
  private readonly eviction: EvictionJob;
  private readonly owned = new Set<string>();

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly cache: ResponseCache,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly replication: PeerReplication,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {
    this.eviction = new EvictionJob(registry, clock, options.evictionIntervalTimerInMs);
  }

  onApplicationBootstrap(): void {
    // Standalone: the start-up transfer is empty (Spring then uses defaultOpenForTrafficCount).
    // With peers, replication opens the registry once it has synced from them.
    if (!this.replication.configured) this.registry.openForTraffic(0);
    const o = this.options;
    this.every(EUREKA_SERVER_TIMERS.eviction, o.evictionIntervalTimerInMs, () => {
      const evicted = this.eviction.run();
      if (evicted > 0) this.logger.log(`evicted ${evicted} expired lease(s)`);
    });
    this.every(EUREKA_SERVER_TIMERS.deltaRetention, o.deltaRetentionTimerIntervalInMs, () =>
      this.registry.recentlyChanged.expire(this.clock.now(), o.retentionTimeInMSInDeltaQueue),
    );
    this.every(EUREKA_SERVER_TIMERS.cacheExpiry, o.responseCacheAutoExpirationInSeconds * 1000, () =>
      this.cache.expireReadWrite(),
    );
    this.every(EUREKA_SERVER_TIMERS.renewalThreshold, o.renewalThresholdUpdateIntervalMs, () =>
      this.registry.updateRenewalThreshold(),
    );
    if (o.useReadOnlyResponseCache) {
      // First refresh aligned to the next wall-clock multiple of the interval, like the reference.
      const interval = o.responseCacheUpdateIntervalMs;
      const delay = interval - (Date.now() % interval);
      this.scheduler.addTimeout(
        EUREKA_SERVER_TIMERS.cacheRefreshAlign,
        setTimeout(() => {
          this.scheduler.deleteTimeout(EUREKA_SERVER_TIMERS.cacheRefreshAlign);
          this.owned.delete(EUREKA_SERVER_TIMERS.cacheRefreshAlign);
          this.cache.refreshReadOnly();
          this.every(EUREKA_SERVER_TIMERS.cacheRefresh, interval, () => this.cache.refreshReadOnly());
        }, delay),
      );
      this.owned.add(EUREKA_SERVER_TIMERS.cacheRefreshAlign);
    }
  }

  beforeApplicationShutdown(): void {
    for (const name of this.owned) {
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
      if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
    }
    this.owned.clear();
  }

  private every(name: string, ms: number, task: () => unknown): void {
    const run = () => {
      try {
        task();
      } catch (error) {
        this.logger.error(`timer ${name} failed: ${(error as Error).stack ?? String(error)}`);
      }
    };
    this.scheduler.addInterval(name, setInterval(run, ms));
    this.owned.add(name);
  }
}
