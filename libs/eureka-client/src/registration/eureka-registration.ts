import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BehaviorSubject, distinctUntilChanged, Observable, Subscription } from 'rxjs';
import { emptyMetadata, InstanceInfo, instanceIdOf, InstanceStatus, parseStatusStrict } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { DiscoveryActivation } from '../enable-discovery/discovery-activation.service';
import { EUREKA_CLIENT_OPTIONS, EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { HealthCheckFunction } from './health-check.types';
import { HealthPropagation } from './health-propagation.service';
import { EurekaTransport } from '../transport/eureka-transport';
import { ExponentialBackoff } from './exponential.backoff';
import { copyInstanceInfo } from './instance-info.copy';
import { InstanceInfoFactory } from './instance-info.factory';
import { readListeningPort } from './listening-port.reader';
import { NamedTimers } from './named.timers';
import { DEFAULT_STATUS_UPDATE_RATE_LIMIT, RateLimit, STATUS_UPDATE_RATE_LIMIT, TokenBucket } from './token-bucket.rate-limiter';

/**
 * This application's registration with Eureka (spec §13) and its runtime handle.
 *
 * With `@EnableDiscovery` (and `registerWithEureka`), once the HTTP server listens (the real
 * port is known) it registers, then heartbeats every `leaseRenewalIntervalInSeconds`; a
 * heartbeat answered "not found" re-registers at once; failures (of heartbeats or registration)
 * back off x2 up to `interval x heartbeatExecutorExponentialBackOffBound` and recover on the
 * next success. On shutdown it stops its timers and, with `shouldUnregisterOnShutdown`, marks
 * the instance DOWN and cancels the registration (best effort).
 *
 * `setStatus` / `setMetadata` change the record, mark it dirty (`lastDirtyTimestamp = now`) and,
 * with `onDemandUpdateStatusChange`, re-register at once, rate limited (burst 2, 4 per minute);
 * an update held back by the limit is sent by a follow-up timer as soon as allowed, never lost.
 * A dirty record is also re-registered by the next heartbeat cycle.
 */
@Injectable()
export class EurekaRegistration implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EurekaRegistration');
  private readonly timers: NamedTimers;
  private readonly backoff: ExponentialBackoff;
  private readonly limiter: TokenBucket;
  private readonly statusSubject: BehaviorSubject<InstanceStatus>;
  private readonly metadataChanges = emptyMetadata();

  private record?: InstanceInfo;
  /** Local change counter; `sentVersion` is the newest one the server acknowledged. */
  private version = 0;
  private sentVersion = -1;
  private dirty = true;
  private dirtyAt = Date.now();
  private waiters: { version: number; resolve: (sent: boolean) => void }[] = [];
  private registerLoop?: Promise<boolean>;
  private registerAgain = false;
  private attempted = false;
  private stopped = false;
  private listenSubscription?: Subscription;

  private _registered = false;
  private _startedAt?: number;
  private _lastRegistrationAt?: number;
  private _lastSuccessfulHeartbeatAt?: number;
  private _heartbeatFailures = 0;

  constructor(
    @Inject(EUREKA_CLIENT_OPTIONS) private readonly options: EurekaClientOptions,
    private readonly transport: EurekaTransport,
    scheduler: SchedulerRegistry,
    private readonly adapterHost: HttpAdapterHost,
    private readonly activation: DiscoveryActivation,
    private readonly factory: InstanceInfoFactory,
    private readonly propagation: HealthPropagation,
    @Optional() @Inject(STATUS_UPDATE_RATE_LIMIT) rateLimit?: RateLimit,
  ) {
    this.timers = new NamedTimers(scheduler, this.logger);
    this.backoff = new ExponentialBackoff(options.leaseRenewalIntervalInSeconds * 1000, options.heartbeatExecutorExponentialBackOffBound);
    this.limiter = new TokenBucket(rateLimit ?? DEFAULT_STATUS_UPDATE_RATE_LIMIT);
    this.statusSubject = new BehaviorSubject<InstanceStatus>(options.initialStatus);
  }

  // ---- observable state -------------------------------------------------------------------------

  /** Registration is on (`@EnableDiscovery` present and `registerWithEureka`). */
  get enabled(): boolean {
    return this.activation.registrationEnabled;
  }

  /** The server acknowledged the registration and has not since answered "not found". */
  get registered(): boolean {
    return this._registered;
  }

  /** A copy of the record as it is (or will be) registered; undefined before the server listens. */
  get instance(): InstanceInfo | undefined {
    return this.record && copyInstanceInfo(this.record);
  }

  get instanceId(): string | undefined {
    return this.record && instanceIdOf(this.record);
  }

  /** The local status (sent with every registration and heartbeat). */
  get status(): InstanceStatus {
    return this.statusSubject.value;
  }

  /** The current status, then each change; completes on shutdown. */
  get status$(): Observable<InstanceStatus> {
    return this.statusSubject.pipe(distinctUntilChanged());
  }

  /** When registration started (the server listened), epoch ms. */
  get startedAt(): number | undefined {
    return this._startedAt;
  }

  get lastRegistrationAt(): number | undefined {
    return this._lastRegistrationAt;
  }

  get lastSuccessfulHeartbeatAt(): number | undefined {
    return this._lastSuccessfulHeartbeatAt;
  }

  /** Consecutive failed heartbeat cycles (heartbeat or registration); 0 after a success. */
  get heartbeatFailures(): number {
    return this._heartbeatFailures;
  }

  /** Delay before the next heartbeat cycle, ms (the renewal interval unless backing off). */
  get heartbeatDelayMs(): number {
    return this.backoff.delayMs;
  }

  // ---- runtime changes --------------------------------------------------------------------------

  /**
   * Sets the instance status. Resolves true once the server has it (at once when it already
   * does), false when it will not be sent (registration disabled, or stopped first). Never rejects
   * for a valid status.
   */
  setStatus(status: InstanceStatus): Promise<boolean> {
    if (parseStatusStrict(status) === undefined) return Promise.reject(new Error(`not an instance status: ${String(status)}`));
    if (status !== this.statusSubject.value) {
      if (this.record) this.record.status = status;
      this.markDirty();
      this.statusSubject.next(status);
      this.onDemandUpdate();
    }
    return this.whenSent(this.version);
  }

  /** Merges entries into the instance metadata; resolves like `setStatus`. */
  setMetadata(entries: Record<string, string>): Promise<boolean> {
    const pairs = Object.entries(entries ?? {});
    const invalid = pairs.find(([, value]) => typeof value !== 'string');
    if (invalid) return Promise.reject(new Error(`metadata "${invalid[0]}" must be a string, got ${JSON.stringify(invalid[1])}`));
    const current = this.record?.metadata ?? this.metadataChanges;
    const changed = pairs.filter(([key, value]) => !(key in current) || current[key] !== value);
    if (changed.length > 0) {
      for (const [key, value] of changed) {
        this.metadataChanges[key] = value;
        if (this.record) this.record.metadata[key] = value;
      }
      this.markDirty();
      this.onDemandUpdate();
    }
    return this.whenSent(this.version);
  }

  /**
   * The application health check that drives UP/DOWN when `healthcheckEnabled` (see
   * `HealthPropagation`). With Terminus: `registration.setHealthCheck(() => health.check([...]))`.
   */
  setHealthCheck(check: HealthCheckFunction | undefined): void {
    this.propagation.setHealthCheck(check);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  onApplicationBootstrap(): void {
    if (!this.enabled) {
      this.logger.log(this.activation.enabledBy ? 'registerWithEureka is false: not registering' : 'no @EnableDiscovery: not registering');
      return;
    }
    if (!this.adapterHost.httpAdapter) {
      // An application context without an HTTP server: only an explicit port can be registered.
      if (this.options.nonSecurePort !== undefined) this.start(this.options.nonSecurePort);
      else this.logger.warn('no HTTP server and no nonSecurePort: not registering');
      return;
    }
    if (this.adapterHost.listening) this.onListening();
    else this.listenSubscription = this.adapterHost.listen$.subscribe(() => this.onListening());
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.listenSubscription?.unsubscribe();
    this.timers.clearAll();
    // A registration still on its way would land after the cancel: let it finish (bounded by
    // the transport's timeout) first.
    await this.registerLoop;
    this.settleWaiters(false);
    const record = this.record;
    if (record && this.attempted && this.options.shouldUnregisterOnShutdown) {
      record.status = InstanceStatus.DOWN;
      this.statusSubject.next(InstanceStatus.DOWN);
      const id = instanceIdOf(record);
      try {
        await this.transport.cancel(record.app, id);
        this._registered = false;
        this.logger.log(`unregistered ${record.app}/${id}`);
      } catch (error) {
        this.logger.warn(`could not unregister ${record.app}/${id}: ${describe(error)}`);
      }
    }
    this.statusSubject.complete();
  }

  // ---- registration and heartbeats ----------------------------------------------------------------

  private onListening(): void {
    if (this.stopped || this.record) return;
    const port = this.options.nonSecurePort ?? readListeningPort(this.adapterHost);
    if (port === undefined) {
      this.logger.error('the HTTP server does not listen on a TCP port: set nonSecurePort to register');
      return;
    }
    this.start(port);
  }

  private start(port: number): void {
    const record = this.factory.create(port);
    record.status = this.statusSubject.value;
    Object.assign(record.metadata, this.metadataChanges);
    this.dirtyAt = Math.max(record.lastDirtyTimestamp, this.dirtyAt);
    record.lastDirtyTimestamp = this.dirtyAt;
    this.record = record;
    this._startedAt = Date.now();
    this.logger.log(`registering ${record.app}/${instanceIdOf(record)} (port ${port})`);
    void this.runCycle();
  }

  /** One heartbeat cycle, then the next one is scheduled (base delay or backing off). */
  private async runCycle(): Promise<void> {
    let ok = false;
    try {
      ok = await this.cycle();
    } catch (error) {
      this.logger.error(`heartbeat cycle failed: ${describe(error)}`);
    }
    if (this.stopped) return;
    if (ok) {
      this._heartbeatFailures = 0;
      this.backoff.succeeded();
    } else {
      this._heartbeatFailures++;
      this.backoff.failed();
    }
    this.timers.set(EUREKA_CLIENT_TIMERS.heartbeat, this.backoff.delayMs, () => this.runCycle());
  }

  private async cycle(): Promise<boolean> {
    const record = this.record!;
    const verdict = await this.propagation.evaluate(this.statusSubject.value);
    if (this.stopped) return false;
    if (verdict !== undefined && verdict !== this.statusSubject.value) void this.setStatus(verdict);
    const registeredBefore = this._lastRegistrationAt;
    if (this.registerLoop) await this.registerLoop;
    if (!this._registered || this.dirty) return this.requestRegistration();
    // A registration during this cycle (an on-demand update) renewed the lease already.
    if (this._lastRegistrationAt !== registeredBefore) return true;
    try {
      const result = await this.transport.sendHeartbeat(record.app, instanceIdOf(record), record.status, record.lastDirtyTimestamp);
      if (result === 'ok') {
        this._lastSuccessfulHeartbeatAt = Date.now();
        return true;
      }
      this.logger.log(`${record.app}/${instanceIdOf(record)} is not known to the server: registering again`);
      this._registered = false;
      this.markDirty();
      return await this.requestRegistration();
    } catch (error) {
      this.logger.warn(`heartbeat of ${record.app}/${instanceIdOf(record)} failed: ${describe(error)}`);
      return false;
    }
  }

  /**
   * Registers the current record; concurrent requests share one POST at a time, and a request
   * made while one is on its way sends again afterwards (with the newest record). Resolves with
   * the outcome of the last POST.
   */
  private requestRegistration(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    this.registerAgain = true;
    this.registerLoop ??= this.runRegisterLoop();
    return this.registerLoop;
  }

  private async runRegisterLoop(): Promise<boolean> {
    let ok = false;
    try {
      while (this.registerAgain && !this.stopped) {
        this.registerAgain = false;
        ok = await this.registerOnce();
      }
    } finally {
      this.registerLoop = undefined;
    }
    return ok;
  }

  private async registerOnce(): Promise<boolean> {
    const record = this.record!;
    const version = this.version;
    this.attempted = true;
    try {
      await this.transport.register(copyInstanceInfo(record));
    } catch (error) {
      this.logger.warn(`registration of ${record.app}/${instanceIdOf(record)} failed: ${describe(error)}`);
      return false;
    }
    this._registered = true;
    this._lastRegistrationAt = Date.now();
    // Changes made while the POST was on its way keep the record dirty.
    if (version === this.version) this.dirty = false;
    this.sentVersion = Math.max(this.sentVersion, version);
    this.settleWaiters(true);
    return true;
  }

  // ---- dirty tracking and on-demand updates -------------------------------------------------------

  private markDirty(): void {
    this.version++;
    this.dirty = true;
    // Strictly increasing, so the server always sees a newer record as newer.
    this.dirtyAt = Math.max(Date.now(), this.dirtyAt + 1);
    if (this.record) this.record.lastDirtyTimestamp = this.dirtyAt;
  }

  /** Sends a change at once when allowed, else arms the follow-up timer (which sends the newest state). */
  private onDemandUpdate(): void {
    if (!this.options.onDemandUpdateStatusChange || !this.record || this.stopped) return;
    if (this.timers.isSet(EUREKA_CLIENT_TIMERS.statusReplication)) return;
    const waitMs = this.limiter.msUntilAvailable();
    if (waitMs === 0 && this.limiter.tryAcquire()) {
      void this.requestRegistration();
      return;
    }
    this.timers.set(EUREKA_CLIENT_TIMERS.statusReplication, Math.max(1, waitMs), () => {
      if (this.dirty) this.onDemandUpdate();
    });
  }

  private whenSent(version: number): Promise<boolean> {
    if (!this.enabled || this.stopped) return Promise.resolve(false);
    if (this.sentVersion >= version) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }

  /** Resolves the waiters the server now has (all of them with `false` when stopping). */
  private settleWaiters(sent: boolean): void {
    const done = sent ? this.waiters.filter((w) => w.version <= this.sentVersion) : this.waiters;
    this.waiters = sent ? this.waiters.filter((w) => w.version > this.sentVersion) : [];
    for (const waiter of done) waiter.resolve(sent);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
