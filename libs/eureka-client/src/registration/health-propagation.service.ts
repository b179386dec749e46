import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InstanceStatus } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS, EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { NamedTimers } from './named.timers';
import { HealthCheckFunction, verdictToStatus } from './health-check.types';

/** Timer bounding one run of the application health check. */
export const HEALTH_CHECK_TIMEOUT_TIMER = `${EUREKA_CLIENT_TIMERS.heartbeat}:health-check`;

/** Slack for timers firing a little early when deciding whether an interval has passed. */
const INTERVAL_SLACK_MS = 25;

/**
 * Spring's `eureka.client.healthcheck.enabled`: with `healthcheckEnabled`, the application's
 * health check (set with `setHealthCheck`, or `EurekaRegistration.setHealthCheck`) decides
 * whether the instance is UP or DOWN. `EurekaRegistration` asks `evaluate` at the start of every
 * heartbeat cycle and applies the answer with `setStatus` (sent at once, rate limited).
 *
 * Rules (as the reference `HealthCheckCallbackToHandlerBridge`): a STARTING or OUT_OF_SERVICE
 * instance is left alone (the application set that on purpose); the check runs at most once per
 * `leaseRenewalIntervalInSeconds` (in between, the last answer is reused); a check that throws,
 * answers something else than UP, or takes longer than half the renewal interval counts as
 * DOWN; a check still running from an earlier cycle is not started again (DOWN meanwhile).
 */
@Injectable()
export class HealthPropagation implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EurekaHealthPropagation');
  private readonly timers: NamedTimers;
  private check?: HealthCheckFunction;
  private lastEvaluatedAt?: number;
  private lastVerdict?: 'UP' | 'DOWN';
  private running = false;
  private evaluations = 0;
  private abortRun?: () => void;

  constructor(
    @Inject(EUREKA_CLIENT_OPTIONS) private readonly options: EurekaClientOptions,
    scheduler: SchedulerRegistry,
  ) {
    this.timers = new NamedTimers(scheduler, this.logger);
  }

  /** `healthcheckEnabled` is set: a health check, once given, drives the status. */
  get enabled(): boolean {
    return this.options.healthcheckEnabled;
  }

  /** How many times the health check has been called. */
  get evaluationCount(): number {
    return this.evaluations;
  }

  /**
   * Sets (or with undefined removes) the application's health check. Without
   * `healthcheckEnabled` the check is kept but not used (a warning is logged).
   */
  setHealthCheck(check: HealthCheckFunction | undefined): void {
    this.check = check;
    this.lastEvaluatedAt = undefined;
    this.lastVerdict = undefined;
    if (check && !this.enabled) {
      this.logger.warn('a health check was set but healthcheckEnabled is false: the instance status will not follow it');
    }
  }

  /**
   * The status the instance should have, given its current status; undefined when the health
   * check does not decide it (disabled, no check, STARTING or OUT_OF_SERVICE).
   */
  async evaluate(current: InstanceStatus): Promise<'UP' | 'DOWN' | undefined> {
    const check = this.check;
    if (!this.enabled || !check) return undefined;
    if (current === InstanceStatus.STARTING || current === InstanceStatus.OUT_OF_SERVICE) return undefined;
    const intervalMs = this.options.leaseRenewalIntervalInSeconds * 1000;
    const now = Date.now();
    if (this.lastEvaluatedAt !== undefined && now - this.lastEvaluatedAt + INTERVAL_SLACK_MS < intervalMs) return this.lastVerdict;
    this.lastEvaluatedAt = now;
    this.lastVerdict = this.running ? 'DOWN' : await this.run(check, intervalMs / 2);
    return this.lastVerdict;
  }

  /** Stops the timeout timer; a check still running counts as DOWN for whoever waits on it. */
  beforeApplicationShutdown(): void {
    this.abortRun?.();
    this.timers.clearAll();
  }

  private run(check: HealthCheckFunction, timeoutMs: number): Promise<'UP' | 'DOWN'> {
    this.running = true;
    this.evaluations++;
    return new Promise<'UP' | 'DOWN'>((resolve) => {
      let settled = false;
      const settle = (status: 'UP' | 'DOWN', why?: string) => {
        if (settled) return;
        settled = true;
        this.abortRun = undefined;
        this.timers.clear(HEALTH_CHECK_TIMEOUT_TIMER);
        if (why) this.logger.warn(`health check counted as DOWN: ${why}`);
        resolve(status);
      };
      this.abortRun = () => settle('DOWN');
      this.timers.set(HEALTH_CHECK_TIMEOUT_TIMER, timeoutMs, () => settle('DOWN', `no answer within ${timeoutMs} ms`));
      Promise.resolve()
        .then(check)
        .then(
          (verdict) => settle(verdictToStatus(verdict)),
          (error: unknown) => settle('DOWN', error instanceof Error ? error.message : String(error)),
        )
        .finally(() => {
          this.running = false;
        });
    });
  }
}
