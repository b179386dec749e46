import {
  DATA_CENTER_CLASS_AMAZON,
  DATA_CENTER_CLASS_DEFAULT,
  DataCenterInfo,
} from '../../model/instance-info';

/** `versions__delta` when a document has none (legacy decoder default; clients then do a full fetch). */
export const ABSENT_VERSION_DELTA = '-1';

/** Amazon metadata keys the compact form keeps (spec §4.9, reference `MiniInstanceInfoMixIn`). */
export const COMPACT_AMAZON_KEYS: ReadonlySet<string> = new Set([
  'instance-id',
  'public-ipv4',
  'public-hostname',
  'local-ipv4',
  'availability-zone',
]);

/** `sid` is written only when it is not one of the reference defaults. */
export function shouldWriteSid(sid: string | undefined): sid is string {
  return sid !== undefined && sid !== null && sid !== 'na' && sid !== 'unknown';
}

/** Wire class for a data-center record: Amazon -> AmazonInfo, MyOwn/Netflix (or nameless) -> DefaultDataCenterInfo. */
export function dataCenterClassOf(dci: DataCenterInfo): string {
  return dci.name === 'Amazon' ? DATA_CENTER_CLASS_AMAZON : DATA_CENTER_CLASS_DEFAULT;
}

/** Decimal text of a number, `0` for anything non-finite (never emit `NaN` into a document). */
export function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : '0';
}
