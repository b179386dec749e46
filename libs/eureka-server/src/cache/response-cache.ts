import { gzipSync } from 'node:zlib';
import { Clock } from '../clock/clock';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { RegistryChange, RegistryChangeBatch, RegistryChangeSubscriber } from '../registry/registry-events';
import { ACCEPT_FORMS, CacheKey, HotKeys, WIRE_FORMATS } from './cache-key';

/** A cached payload: UTF-8 bytes and, for registry and delta documents, their gzip. Empty = 404. */
export interface CachedPayload {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly empty: boolean;
}

export type PayloadGenerator = (key: CacheKey) => string | undefined;

interface ReadWriteEntry {
  readonly key: CacheKey;
  readonly payload: CachedPayload;
  readonly writtenAt: number;
}

type NamedEntity = 'app' | 'vip' | 'svip';

/** Keys the read-only tier holds at most; past that, reads of new names go to the read-write tier only. */
export const MAX_READ_ONLY_KEYS = 10_000;

const EMPTY: CachedPayload = Object.freeze({ body: Buffer.alloc(0), gzip: undefined, empty: true });

/**
 * The two-tier response cache of spec §9. Reads come from the read-only tier when it is on;
 * a miss there copies from the read-write tier, which generates on a miss and expires entries
 * `responseCacheAutoExpirationInSeconds` after writing. Changes invalidate the read-write tier;
 * `refreshReadOnly()` (a timer) re-copies every read-only key. Every key a change can affect is
 * invalidated, including the compact VIP keys and per-token VIP keys the reference leaves stale.
 *
 * Invalidation is on the write path (one call per registry change), so it builds no key: the
 * read-write entries of applications and VIPs are indexed by name, and a change deletes exactly the
 * entries its names have (usually none), plus the eight full-registry and delta keys by their
 * precomputed ids when any of them may be cached. Subscribed as a `RegistryChangeSubscriber`, it
 * takes an eviction pass as one batch: the full-registry and delta keys once, then each distinct
 * application / VIP name of the victims once.
 */
export class ResponseCache implements RegistryChangeSubscriber {
  private readonly readWrite = new Map<string, ReadWriteEntry>();
  private readonly readOnly = new Map<string, { readonly key: CacheKey; payload: CachedPayload }>();
  /** Read-write entry ids of each application / VIP / secure VIP name. */
  private readonly named: Readonly<Record<NamedEntity, Map<string, Set<string>>>> = { app: new Map(), vip: new Map(), svip: new Map() };
  readonly hotKeys = new HotKeys();
  /** Ids of the full-registry and delta keys, both formats, both forms. */
  private readonly hotIds: readonly string[];
  /** False only while none of the `hotIds` entries is in the read-write tier. */
  private hotCached = false;
  private generated = 0;

  constructor(
    private readonly options: Pick<EurekaServerOptions, 'useReadOnlyResponseCache' | 'responseCacheAutoExpirationInSeconds'>,
    private readonly clock: Clock,
    private readonly generate: PayloadGenerator,
  ) {
    const ids: string[] = [];
    for (const entity of ['apps', 'delta'] as const) {
      for (const format of WIRE_FORMATS) for (const accept of ACCEPT_FORMS) ids.push(this.hotKeys.get(entity, format, accept).id);
    }
    this.hotIds = ids;
  }

  /** The payload for a key, generating it when no tier has it. */
  get(key: CacheKey): CachedPayload {
    if (!this.options.useReadOnlyResponseCache) return this.getReadWrite(key);
    const cached = this.readOnly.get(key.id);
    if (cached) return cached.payload;
    const payload = this.getReadWrite(key);
    if (this.readOnly.size < MAX_READ_ONLY_KEYS) this.readOnly.set(key.id, { key, payload });
    return payload;
  }

  /** How many payloads were generated since start (each one an encode of a document). */
  get generatedCount(): number {
    return this.generated;
  }

  get size(): { readWrite: number; readOnly: number } {
    return { readWrite: this.readWrite.size, readOnly: this.readOnly.size };
  }

  /** The read-only refresh timer's work: copy every read-only key from the read-write tier. */
  refreshReadOnly(): void {
    for (const entry of this.readOnly.values()) entry.payload = this.getReadWrite(entry.key);
  }

  invalidate(key: CacheKey): void {
    this.readWrite.delete(key.id);
    this.unindex(key);
  }

  /** Drops read-write entries older than the auto-expiration (also done lazily on read). */
  expireReadWrite(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.readWrite) {
      if (!this.isStale(entry, now)) continue;
      this.readWrite.delete(id);
      this.unindex(entry.key);
    }
  }

  /**
   * Every key the change touches, in both formats and both forms: apps and delta, the
   * application, and each VIP / secure VIP the record had or has (the whole list and each token).
   */
  onChange(change: RegistryChange): void {
    this.invalidateHot();
    this.invalidateName('app', change.app);
    this.invalidateVipList('vip', change.instance.vipAddress);
    this.invalidateVipList('vip', change.previousVipAddress);
    this.invalidateVipList('svip', change.instance.secureVipAddress);
    this.invalidateVipList('svip', change.previousSecureVipAddress);
  }

  /**
   * An eviction pass: what `onChange` does for each evicted record (an eviction has no previous
   * VIP strings). A name equal to the previous victim's is skipped: its entries are already gone.
   */
  onChangeBatch(batch: RegistryChangeBatch): void {
    this.invalidateHot();
    if (this.named.app.size === 0 && this.named.vip.size === 0 && this.named.svip.size === 0) return;
    const leases = batch.leases;
    let app: string | undefined;
    let vip: string | undefined;
    let svip: string | undefined;
    for (let i = 0; i < leases.length; i++) {
      const holder = leases[i].holder;
      if (holder.app !== app) this.invalidateName('app', (app = holder.app));
      if (holder.vipAddress !== vip) this.invalidateVipList('vip', (vip = holder.vipAddress));
      if (holder.secureVipAddress !== svip) this.invalidateVipList('svip', (svip = holder.secureVipAddress));
    }
  }

  private invalidateHot(): void {
    if (!this.hotCached) return;
    const hot = this.hotIds;
    for (let i = 0; i < hot.length; i++) this.readWrite.delete(hot[i]);
    this.hotCached = false;
  }

  private invalidateVipList(entity: 'vip' | 'svip', list: string | undefined): void {
    if (!list) return;
    this.invalidateName(entity, list);
    if (list.includes(',')) for (const token of list.split(',')) this.invalidateName(entity, token);
  }

  /** Deletes the read-write entries of one name (every format and form that was cached). */
  private invalidateName(entity: NamedEntity, name: string): void {
    const byName = this.named[entity];
    if (byName.size === 0) return;
    const ids = byName.get(name);
    if (!ids) return;
    for (const id of ids) this.readWrite.delete(id);
    byName.delete(name);
  }

  private index(key: CacheKey): void {
    if (key.entity === 'apps' || key.entity === 'delta') return;
    const byName = this.named[key.entity];
    let ids = byName.get(key.name);
    if (!ids) {
      ids = new Set();
      byName.set(key.name, ids);
    }
    ids.add(key.id);
  }

  private unindex(key: CacheKey): void {
    if (key.entity === 'apps' || key.entity === 'delta') return;
    const byName = this.named[key.entity];
    const ids = byName.get(key.name);
    if (!ids) return;
    ids.delete(key.id);
    if (ids.size === 0) byName.delete(key.name);
  }

  private getReadWrite(key: CacheKey): CachedPayload {
    const now = this.clock.now();
    const entry = this.readWrite.get(key.id);
    if (entry && !this.isStale(entry, now)) return entry.payload;
    const text = this.generate(key);
    this.generated++;
    const payload = text === undefined ? EMPTY : this.toPayload(key, text);
    this.readWrite.set(key.id, { key, payload, writtenAt: now });
    if (key.entity === 'apps' || key.entity === 'delta') this.hotCached = true;
    this.index(key);
    return payload;
  }

  private toPayload(key: CacheKey, text: string): CachedPayload {
    const body = Buffer.from(text, 'utf8');
    const gzip = key.entity === 'apps' || key.entity === 'delta' ? gzipSync(body) : undefined;
    return { body, gzip, empty: false };
  }

  private isStale(entry: ReadWriteEntry, now: number): boolean {
    return now - entry.writtenAt > this.options.responseCacheAutoExpirationInSeconds * 1000;
  }
}
