import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS, EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { EurekaTransport } from '../transport/eureka-transport';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { RegistryCache } from './registry-cache';

export type FetcherOptions = Pick<
  EurekaClientOptions,
  'fetchRegistry' | 'disableDelta' | 'registryFetchIntervalSeconds' | 'cacheRefreshExecutorExponentialBackOffBound'
>;

/**
 * Keeps `RegistryCache` current (spec §8.3): a full fetch at bootstrap, then every
 * `registryFetchIntervalSeconds` a delta (a full fetch when deltas are disabled, the cache is
 * empty, the server refused the delta or the hashes disagree). Failures double the delay up to
 * interval x `cacheRefreshExecutorExponentialBackOffBound`; a success resets it. The timer lives
 * in `SchedulerRegistry` and is cleared before shutdown.
 */
@Injectable()
export class RegistryFetcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EurekaClient');
  /** `Date.now()` of the last fetch round that succeeded. */
  lastSuccessfulFetchAt: number | undefined;
  /** Fetch rounds that succeeded (delta or full). */
  fetchCount = 0;
  /** Full registry documents fetched and applied. */
  fullFetchCount = 0;
  /** Delta documents fetched and applied. */
  deltaFetchCount = 0;
  /** Failed rounds in a row (0 after a success). */
  consecutiveFailures = 0;
  lastError: Error | undefined;
  private chain: Promise<void> = Promise.resolve();
  private needFullFetch = false;
  private running = false;

  constructor(
    private readonly transport: EurekaTransport,
    private readonly cache: RegistryCache,
    private readonly notifier: ApplicationsChangedNotifier,
    private readonly scheduler: SchedulerRegistry,
    @Inject(EUREKA_CLIENT_OPTIONS) private readonly options: FetcherOptions,
  ) {}

  /** Initial fetch (one bounded attempt; a failure is logged and retried by the timer), then the timer. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.fetchRegistry) return;
    this.running = true;
    await this.refresh().catch(() => undefined);
    this.schedule();
  }

  beforeApplicationShutdown(): void {
    this.running = false;
    if (this.scheduler.doesExist('timeout', EUREKA_CLIENT_TIMERS.registryFetch)) {
      this.scheduler.deleteTimeout(EUREKA_CLIENT_TIMERS.registryFetch);
    }
  }

  /**
   * Fetches now (after any fetch already running) and resolves when the cache is updated;
   * rejects with the transport's error when the round failed.
   */
  refresh(): Promise<void> {
    const round = this.chain.then(() => this.fetchRound());
    this.chain = round.catch(() => undefined);
    return round;
  }

  /** Delay before the next round: the interval, doubled per consecutive failure, capped. */
  nextDelayMs(): number {
    const interval = this.options.registryFetchIntervalSeconds * 1000;
    const factor = Math.min(2 ** this.consecutiveFailures, this.options.cacheRefreshExecutorExponentialBackOffBound);
    return interval * Math.max(1, factor);
  }

  private schedule(): void {
    if (!this.running) return;
    const name = EUREKA_CLIENT_TIMERS.registryFetch;
    if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
    const handle = setTimeout(() => {
      if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
      void this.refresh()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.nextDelayMs());
    this.scheduler.addTimeout(name, handle);
  }

  private async fetchRound(): Promise<void> {
    try {
      await this.fetchDocuments();
    } catch (error) {
      this.onFailure(error as Error);
      throw error;
    } finally {
      this.publishChanges();
    }
    if (this.consecutiveFailures > 0) {
      this.logger.log(`registry fetch recovered after ${this.consecutiveFailures} failed attempt(s)`);
    }
    this.consecutiveFailures = 0;
    this.lastError = undefined;
    this.fetchCount++;
    this.lastSuccessfulFetchAt = Date.now();
  }

  private async fetchDocuments(): Promise<void> {
    if (this.options.disableDelta || this.cache.isEmpty || this.needFullFetch) {
      await this.fullFetch();
      return;
    }
    const delta = await this.transport.fetchDelta();
    if (delta === undefined) {
      this.logger.debug('delta refused by the server (403/404); fetching the full registry');
      await this.fullFetch();
      return;
    }
    this.deltaFetchCount++;
    if (!this.cache.applyDelta(delta)) {
      this.logger.debug(
        `registry hash mismatch after delta (local ${JSON.stringify(this.cache.hashCode)}, server ${JSON.stringify(delta.appsHashCode)}); fetching the full registry`,
      );
      this.needFullFetch = true;
      await this.fullFetch();
    }
  }

  private async fullFetch(): Promise<void> {
    const doc = await this.transport.fetchApplications();
    this.cache.replace(doc);
    this.fullFetchCount++;
    this.needFullFetch = false;
  }

  private onFailure(error: Error): void {
    this.lastError = error;
    this.consecutiveFailures++;
    if (this.consecutiveFailures === 1) {
      this.logger.warn(`registry fetch failed, retrying with back-off: ${error.message}`);
    } else {
      this.logger.debug(`registry fetch failed again (${this.consecutiveFailures} in a row): ${error.message}`);
    }
  }

  private publishChanges(): void {
    const apps = this.cache.drainChangedApps();
    if (apps.length === 0) return;
    const applications = this.cache.view.visibleApplications.map((app) => ({ name: app.name, instances: [...app.instances] }));
    this.notifier.emit({ apps, applications });
  }
}
