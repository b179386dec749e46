export type WireFormat = 'json' | 'xml';
export type AcceptForm = 'full' | 'compact';
export type CacheEntity = 'apps' | 'delta' | 'app' | 'vip' | 'svip';

export const WIRE_FORMATS: readonly WireFormat[] = ['json', 'xml'];
export const ACCEPT_FORMS: readonly AcceptForm[] = ['full', 'compact'];

/**
 * One cached payload (spec §9): what, which name, which format, full or compact. The API
 * version is not part of the key: V1 and V2 render identically here (the reference's V1 XML
 * status mapping is not reproduced).
 */
export interface CacheKey {
  readonly entity: CacheEntity;
  /** Upper-case app name, VIP name, or "" for apps/delta. */
  readonly name: string;
  readonly format: WireFormat;
  readonly accept: AcceptForm;
  /** Precomputed string form, the map key. */
  readonly id: string;
}

export function cacheKey(entity: CacheEntity, name: string, format: WireFormat, accept: AcceptForm): CacheKey {
  return { entity, name, format, accept, id: `${entity}\u0000${name}\u0000${format}\u0000${accept}` };
}

/**
 * Pre-built keys for the two hottest reads, so a cached full or delta fetch allocates no key.
 */
export class HotKeys {
  private readonly table = new Map<string, CacheKey>();
  constructor() {
    for (const entity of ['apps', 'delta'] as const) {
      for (const format of WIRE_FORMATS) {
        for (const accept of ACCEPT_FORMS) this.table.set(`${entity}${format}${accept}`, cacheKey(entity, '', format, accept));
      }
    }
  }
  get(entity: 'apps' | 'delta', format: WireFormat, accept: AcceptForm): CacheKey {
    return this.table.get(`${entity}${format}${accept}`)!;
  }
}
