import {
  ActionType,
  DEFAULT_DURATION_SECS,
  InstanceInfo,
  InstanceStatus,
  emptyMetadata,
  instanceIdOf,
} from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { Clock } from '../clock/clock';
import { Lease } from './lease';
import { LeaseExpiryTable, SlottedLease } from './lease-expiry.table';
import { RecentLeasesLog } from './recent-leases.log';
import { RecentlyChangedQueue } from './recently-changed.queue';
import { RegistryChangeStream } from './change-stream';
import { chooseVictims, markEvicted, unlinkVictims } from './eviction';
import { RegistryChangeKind, RegistryChangeListener, RegistryChangeSubscriber } from './registry-events';
import { RenewalJudge } from './renewal-judge';
import { SelfPreservation } from './self-preservation';
import { StatusOverrides } from './status-overrides';
import { resolveInstanceStatus } from './status-override.rules';

export type RenewOutcome =
  | { readonly code: 200 }
  | { readonly code: 404 }
  | { readonly code: 409; readonly lease: Lease };

const OK: RenewOutcome = { code: 200 };
const NOT_FOUND: RenewOutcome = { code: 404 };

/**
 * The registry (spec §7): leases per application, status overrides, the delta queue and the
 * self-preservation figures. One method per Eureka action; every change it applies goes out as one
 * event on its change stream. It never encodes anything.
 */
export class InstanceRegistry {
  private readonly apps = new Map<string, Map<string, SlottedLease>>();
  private readonly expiryTable = new LeaseExpiryTable();
  private readonly overrides = new StatusOverrides();
  private readonly changes = new RegistryChangeStream();
  private readonly renewListeners: Array<(lease: Lease) => void> = [];
  private leaseCount = 0;
  private startupTime = 0;
  private emptyTransfer = false;

  readonly recentlyChanged = new RecentlyChangedQueue();
  readonly recentRegistered = new RecentLeasesLog();
  readonly recentCancelled = new RecentLeasesLog();
  readonly renewals: RenewalJudge;

  constructor(
    private readonly options: EurekaServerOptions,
    private readonly clock: Clock,
  ) {
    this.renewals = new RenewalJudge(options);
  }

  get selfPreservation(): SelfPreservation {
    return this.renewals.selfPreservation;
  }

  /** Every change: one call each, except that a subscriber gets an eviction pass as one batch. */
  onChange(listener: RegistryChangeListener | RegistryChangeSubscriber): () => void {
    return this.changes.add(listener);
  }

  /** Successful heartbeats not from replication (peers get them); off the change stream: readers see no change. */
  onRenewed(listener: (lease: Lease) => void): () => void {
    this.renewListeners.push(listener);
    return () => {
      const i = this.renewListeners.indexOf(listener);
      if (i >= 0) this.renewListeners.splice(i, 1);
    };
  }

  /**
   * Opens the registry for traffic after start-up sync (spec §12.5): E becomes the number of
   * instances copied from peers, or Spring's `defaultOpenForTrafficCount` when none were.
   */
  openForTraffic(syncedCount: number): void {
    const count = syncedCount > 0 ? syncedCount : this.options.defaultOpenForTrafficCount;
    this.renewals.openForTraffic(count);
    this.emptyTransfer = count === 0;
    this.startupTime = this.clock.now();
  }

  get startedAt(): number {
    return this.startupTime;
  }

  /**
   * False (reads answer 403) until the start-up sync has finished, and for `waitTimeInMsWhenSyncEmpty`
   * after a sync that found nothing (spec §12.6): never a partial registry served as complete; Java
   * clients move on to their next server. (Spring Cloud's server would serve what it holds meanwhile.)
   */
  shouldAllowAccess(): boolean {
    if (this.startupTime === 0) return false;
    return !(this.emptyTransfer && this.clock.now() <= this.startupTime + this.options.waitTimeInMsWhenSyncEmpty);
  }

  /**
   * Reference `isBelowRenewThresold` (the dashboard banner, `/health`), judged once the registry has been
   * open for `waitTimeInMsWhenSyncEmpty` and one whole renewal window (the reference: from the start).
   */
  isBelowRenewThreshold(): boolean {
    return this.renewalsJudged() && this.renewals.isBelowThreshold(this.clock.now());
  }

  /** Whether the renewal figures are judged yet (see `isBelowRenewThreshold`). */
  renewalsJudged(): boolean {
    return this.renewals.isJudged(this.clock.now(), this.startupTime, this.options.waitTimeInMsWhenSyncEmpty);
  }

  /** Renewals per minute, measured over the renewal window (`RenewalJudge`). */
  renewsPerMinute(): number {
    return this.renewals.renewsPerMinute(this.clock.now());
  }

  isLeaseExpirationEnabled(): boolean {
    return this.renewals.isLeaseExpirationEnabled(this.clock.now());
  }

  /** Register or re-register (spec §7.3). The instance object becomes the stored record. */
  register(incoming: InstanceInfo, isReplication: boolean): void {
    const now = this.clock.now();
    const id = instanceIdOf(incoming);
    const app = incoming.app;
    let leases = this.apps.get(app);
    if (!leases) {
      leases = new Map();
      this.apps.set(app, leases);
    }
    const existing = leases.get(id);
    let record = incoming;
    if (existing) {
      // The stored copy wins only when it is strictly newer; ties go to the incoming record.
      if (existing.holder.lastDirtyTimestamp > incoming.lastDirtyTimestamp) record = existing.holder;
    } else {
      this.leaseCount++;
    }
    const durationSecs =
      record.leaseInfo && record.leaseInfo.durationInSecs > 0 ? record.leaseInfo.durationInSecs : DEFAULT_DURATION_SECS;
    const lease = new SlottedLease(record, durationSecs * 1000, now);
    if (existing) {
      lease.serviceUpTimestamp = existing.serviceUpTimestamp;
      this.expiryTable.replace(existing, lease);
      this.renewals.leaseReplaced(existing, lease);
    } else {
      this.expiryTable.add(lease);
      this.renewals.leaseAdded(lease);
    }
    leases.set(id, lease);
    this.recentRegistered.add(now, app, id);

    if (record.overriddenStatus !== InstanceStatus.UNKNOWN && !this.overrides.has(app, id)) {
      this.overrides.set(app, id, record.overriddenStatus);
    }
    const override = this.overrides.get(app, id);
    if (override !== undefined) record.overriddenStatus = override;
    record.status = resolveInstanceStatus(record, override, existing, isReplication);
    if (record.status === InstanceStatus.UP) lease.serviceUp(now);
    record.actionType = ActionType.ADDED;
    record.lastUpdatedTimestamp = now;
    this.recentlyChanged.push(lease, now);
    this.changes.emit('registered', lease, isReplication, existing?.holder);
  }

  /** The registry step of a heartbeat (spec §7.5): false means 404. */
  renew(app: string, id: string, isReplication: boolean): boolean {
    const lease = this.apps.get(app)?.get(id);
    if (!lease) return false;
    const holder = lease.holder;
    const status = resolveInstanceStatus(holder, this.overrides.get(app, id), lease, isReplication);
    if (status === InstanceStatus.UNKNOWN) return false;
    // A rule-driven change is applied silently: no delta entry, no invalidation (reference behaviour).
    if (holder.status !== status) holder.status = status;
    const now = this.clock.now();
    this.renewals.renewed(now);
    lease.renew(now);
    this.expiryTable.update(lease);
    if (!isReplication) for (let i = 0; i < this.renewListeners.length; i++) this.renewListeners[i](lease);
    return true;
  }

  /**
   * A heartbeat with the `lastDirtyTimestamp` comparison of the HTTP layer (spec §7.5 table).
   * The lease is renewed and counted before the comparison, in every row.
   */
  renewWithTimestamp(
    app: string,
    id: string,
    isReplication: boolean,
    lastDirtyTimestamp: number | undefined,
    overriddenStatus: InstanceStatus | undefined,
  ): RenewOutcome {
    if (!this.renew(app, id, isReplication)) return NOT_FOUND;
    if (lastDirtyTimestamp === undefined || !this.options.syncWhenTimestampDiffers) return OK;
    const lease = this.getVisibleLease(app, id);
    if (!lease) return OK;
    const stored = lease.holder.lastDirtyTimestamp;
    if (lastDirtyTimestamp > stored) {
      if (isReplication && overriddenStatus !== undefined && overriddenStatus !== InstanceStatus.UNKNOWN) {
        this.overrides.set(app, id, overriddenStatus);
        lease.holder.overriddenStatus = overriddenStatus;
      }
      return NOT_FOUND;
    }
    if (lastDirtyTimestamp < stored && isReplication) return { code: 409, lease };
    return OK;
  }

  /** Cancel (spec §7.6). Removes the status override even when no lease existed. */
  cancel(app: string, id: string, isReplication: boolean): boolean {
    return this.remove(app, id, isReplication);
  }

  /** Set a status override (spec §7.7). False when the instance is not visible (404). */
  statusUpdate(app: string, id: string, status: InstanceStatus, lastDirtyTimestamp: number | undefined, isReplication: boolean): boolean {
    const lease = this.getVisibleLease(app, id);
    if (!lease) return false;
    const now = this.clock.now();
    lease.renew(now);
    this.expiryTable.update(lease);
    const holder = lease.holder;
    // Setting the status it already has records nothing, not even an override (reference quirk).
    if (holder.status === status) return true;
    if (status === InstanceStatus.UP) lease.serviceUp(now);
    this.overrides.set(app, id, status);
    holder.overriddenStatus = status;
    holder.status = status;
    if (lastDirtyTimestamp !== undefined && lastDirtyTimestamp > holder.lastDirtyTimestamp) {
      holder.lastDirtyTimestamp = lastDirtyTimestamp;
    }
    this.markModified(lease, now, 'status-changed', isReplication);
    return true;
  }

  /** Remove a status override, falling back to `fallback` (spec §7.7). False when not visible (404). */
  deleteStatusOverride(
    app: string,
    id: string,
    fallback: InstanceStatus,
    lastDirtyTimestamp: number | undefined,
    isReplication: boolean,
  ): boolean {
    const lease = this.getVisibleLease(app, id);
    if (!lease) return false;
    const now = this.clock.now();
    lease.renew(now);
    this.expiryTable.update(lease);
    if (!this.overrides.delete(app, id)) return true;
    const holder = lease.holder;
    holder.overriddenStatus = InstanceStatus.UNKNOWN;
    holder.status = fallback;
    if (lastDirtyTimestamp !== undefined && lastDirtyTimestamp > holder.lastDirtyTimestamp) {
      holder.lastDirtyTimestamp = lastDirtyTimestamp;
    }
    this.markModified(lease, now, 'override-removed', isReplication);
    return true;
  }

  /**
   * Merge metadata (spec §7.8): a full non-replicated re-registration of the same record, so the
   * lease clock restarts and the change shows as ADDED. `lastDirtyTimestamp` is left alone.
   */
  updateMetadata(app: string, id: string, entries: ReadonlyArray<readonly [string, string]>): boolean {
    const lease = this.getVisibleLease(app, id);
    if (!lease) return false;
    const holder = lease.holder;
    const metadata = emptyMetadata();
    for (const key of Object.keys(holder.metadata)) metadata[key] = holder.metadata[key];
    for (const [key, value] of entries) metadata[key] = value;
    holder.metadata = metadata;
    this.register(holder, false);
    return true;
  }

  /**
   * One eviction pass (spec §11): when lease expiration is enabled, removes up to
   * `size - floor(size x percent)` expired leases, chosen at random, without replication.
   * Unlike the reference, evictions lower the expected renewals only once confirmed (`RenewalJudge`).
   */
  evict(additionalLeaseMs: number, random: () => number = Math.random): number {
    const now = this.clock.now();
    this.renewals.settleEvictions(now);
    if (!this.isLeaseExpirationEnabled()) return 0;
    const expired = this.expiryTable.expired(now, additionalLeaseMs);
    const size = this.leaseCount;
    const limit = size - Math.floor(size * this.options.renewalPercentThreshold);
    const toEvict = Math.min(expired.length, limit);
    // Victims in table order, which mostly follows the order the leases were allocated in: the
    // pass walks memory forwards instead of jumping around 100k objects.
    this.removeEvicted(chooseVictims(expired, toEvict, random), now);
    return toEvict;
  }

  /** The periodic renewal-threshold update (spec §10), fed with the local registry size. */
  updateRenewalThreshold(): void {
    this.renewals.thresholdUpdate(this.leaseCount);
  }

  get size(): number {
    return this.leaseCount;
  }

  /** Every lease, expired-but-not-evicted ones included (what full, app and VIP documents show). */
  *allLeases(): IterableIterator<Lease> {
    for (const leases of this.apps.values()) yield* leases.values();
  }

  applicationNames(): IterableIterator<string> {
    return this.apps.keys();
  }

  leasesOf(app: string): ReadonlyMap<string, Lease> | undefined {
    return this.apps.get(app);
  }

  /** Spec §7.9: single-instance reads hide expired leases while lease expiration is enabled. */
  getVisibleLease(app: string, id: string): Lease | undefined {
    const lease = this.apps.get(app)?.get(id);
    if (!lease) return undefined;
    if (lease.isExpired(this.clock.now()) && this.isLeaseExpirationEnabled()) return undefined;
    return lease;
  }

  /** `GET instances/{id}`: the first visible lease with that id in any application. */
  findVisibleLeaseById(id: string): Lease | undefined {
    for (const app of this.apps.keys()) {
      const lease = this.getVisibleLease(app, id);
      if (lease) return lease;
    }
    return undefined;
  }

  /** The status override of one instance, if any. */
  overrideOf(app: string, id: string): InstanceStatus | undefined {
    return this.overrides.get(app, id);
  }

  /**
   * Takes a peer's newer copy after a replicated heartbeat answered 409 (spec §12.2): its override,
   * if any, is stored first, then it is registered as a replication (not forwarded).
   */
  adoptPeerCopy(copy: InstanceInfo): void {
    if (copy.overriddenStatus !== InstanceStatus.UNKNOWN) this.overrides.set(copy.app, instanceIdOf(copy), copy.overriddenStatus);
    this.register(copy, true);
  }

  /** Current overrides, keyed by `APP/id` (for `/serverinfo/statusoverrides`). */
  overrideEntries(): IterableIterator<[string, string, InstanceStatus]> {
    return this.overrides.entries();
  }

  private markModified(lease: Lease, now: number, kind: RegistryChangeKind, isReplication: boolean): void {
    lease.holder.actionType = ActionType.MODIFIED;
    lease.holder.lastUpdatedTimestamp = now;
    this.recentlyChanged.push(lease, now);
    this.changes.emit(kind, lease, isReplication);
  }

  private remove(app: string, id: string, isReplication: boolean): boolean {
    const now = this.clock.now();
    const leases = this.apps.get(app);
    const lease = leases?.get(id);
    this.overrides.delete(app, id);
    if (!leases || !lease) return false;
    leases.delete(id);
    if (leases.size === 0) this.apps.delete(app);
    this.expiryTable.remove(lease);
    this.leaseCount--;
    this.recentCancelled.add(now, app, id);
    lease.cancel(now);
    lease.holder.actionType = ActionType.DELETED;
    lease.holder.lastUpdatedTimestamp = now;
    this.recentlyChanged.push(lease, now);
    this.changes.emit('cancelled', lease, isReplication);
    this.renewals.leaseCancelled(lease);
    return true;
  }

  /**
   * Removes the victims of an eviction pass with the effects `remove` has on each (override
   * dropped, lease cancelled, record DELETED, delta entry, recent-cancellations entry), applied one
   * kind of effect at a time over the whole pass, then notifies it. E and R follow once confirmed.
   */
  private removeEvicted(victims: readonly SlottedLease[], now: number): void {
    this.expiryTable.removeAll(victims);
    unlinkVictims(this.apps, this.overrides, victims);
    markEvicted(victims, now);
    this.leaseCount -= victims.length;
    this.recentlyChanged.pushAll(victims, now);
    this.recentCancelled.addLeases(now, victims);
    this.renewals.leasesEvicted(victims, now);
    this.changes.emitEvicted(victims, now);
  }
}
