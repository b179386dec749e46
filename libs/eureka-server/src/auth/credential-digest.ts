import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a bearer token, hex: tokens are kept and looked up only in this form. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Key of a verified `Authorization` value in the cache of verified credentials: its SHA-256, so
 * the cache holds no secret and a lookup reveals nothing about one through its timing.
 */
export function credentialKey(authorization: string): string {
  return createHash('sha256').update(authorization, 'utf8').digest('base64');
}

/** Compares two secrets in time that depends on neither (both hashed to the same length first). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
