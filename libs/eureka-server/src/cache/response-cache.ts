import { gzipSync } from 'node:zlib';
import { Clock } from '../clock/clock';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { RegistryChange } from '../registry/registry-events';
import { ACCEPT_FORMS, CacheKey, HotKeys, WIRE_FORMATS, cacheKey } from './cache-key';

/** A cached payload: UTF-8 bytes and, for registry and delta documents, their gzip. Empty = 404. */
export interface CachedPayload {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly empty: boolean;
}

export type PayloadGenerator = (key: CacheKey) => string | undefined;

interface ReadWriteEntry {
  readonly payload: CachedPayload;
  readonly writtenAt: number;
}

/** Keys the read-only tier holds at most; past that, reads of new names go to the read-write tier only. */
export const MAX_READ_ONLY_KEYS = 10_000;

const EMPTY: CachedPayload = Object.freeze({ body: Buffer.alloc(0), gzip: undefined, empty: true });

/**
 * The two-tier response cache of spec §9. Reads come from the read-only tier when it is on;
 * a miss there copies from the read-write tier, which generates on a miss and expires entries
 * `responseCacheAutoExpirationInSeconds` after writing. Changes invalidate the read-write tier;
 * `refreshReadOnly()` (a timer) re-copies every read-only key. Every key a change can affect is
 * invalidated, including the compact VIP keys and per-token VIP keys the reference leaves stale.
 */
export class ResponseCache {
  private readonly readWrite = new Map<string, ReadWriteEntry>();
  private readonly readOnly = new Map<string, { readonly key: CacheKey; payload: CachedPayload }>();
  readonly hotKeys = new HotKeys();
  private generated = 0;

  constructor(
    private readonly options: Pick<EurekaServerOptions, 'useReadOnlyResponseCache' | 'responseCacheAutoExpirationInSeconds'>,
    private readonly clock: Clock,
    private readonly generate: PayloadGenerator,
  ) {}

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
  }

  /** Drops read-write entries older than the auto-expiration (also done lazily on read). */
  expireReadWrite(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.readWrite) if (this.isStale(entry, now)) this.readWrite.delete(id);
  }

  /** Every key the change touches: the app, apps and delta (both forms), and each VIP the record had or has. */
  onChange(change: RegistryChange): void {
    const vips = [change.instance.vipAddress, change.previousVipAddress];
    const svips = [change.instance.secureVipAddress, change.previousSecureVipAddress];
    for (const format of WIRE_FORMATS) {
      for (const accept of ACCEPT_FORMS) {
        this.invalidate(this.hotKeys.get('apps', format, accept));
        this.invalidate(this.hotKeys.get('delta', format, accept));
        this.invalidate(cacheKey('app', change.app, format, accept));
        for (const list of vips) this.invalidateVipList('vip', list, format, accept);
        for (const list of svips) this.invalidateVipList('svip', list, format, accept);
      }
    }
  }

  private invalidateVipList(entity: 'vip' | 'svip', list: string | undefined, format: CacheKey['format'], accept: CacheKey['accept']): void {
    if (!list) return;
    this.invalidate(cacheKey(entity, list, format, accept));
    if (list.includes(',')) for (const token of list.split(',')) this.invalidate(cacheKey(entity, token, format, accept));
  }

  private getReadWrite(key: CacheKey): CachedPayload {
    const now = this.clock.now();
    const entry = this.readWrite.get(key.id);
    if (entry && !this.isStale(entry, now)) return entry.payload;
    const text = this.generate(key);
    this.generated++;
    const payload = text === undefined ? EMPTY : this.toPayload(key, text);
    this.readWrite.set(key.id, { payload, writtenAt: now });
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
