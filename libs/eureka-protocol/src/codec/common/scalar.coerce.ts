import { CodecError } from '../codec.error';

/**
 * Lenient scalar readers shared by the JSON and XML decoders. Every wire dialect types scalars
 * differently (legacy: strings, bean Jackson: numbers/booleans, XStream JSON: the other way round,
 * XML: text), so each reader accepts a number, a boolean or a string and returns one JS type.
 * `null`/`undefined` mean "absent" and give `undefined`; objects and arrays are a CodecError.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** String field: numbers and booleans are stringified, as the reference's text readers do. */
export function readText(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return value;
  if (isAbsent(value)) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw CodecError.expected(field, 'a string', value);
}

/** Java `int` field (ports, countryId, lease intervals). An empty string counts as absent. */
export function readInt(value: unknown, field: string): number | undefined {
  const n = readInteger(value, field, 'an integer');
  if (n !== undefined && (n < INT32_MIN || n > INT32_MAX)) {
    throw CodecError.expected(field, 'a 32-bit integer', value);
  }
  return n;
}

/** Java `long` field (timestamps); limited to the integers a JS number holds exactly. */
export function readLong(value: unknown, field: string): number | undefined {
  return readInteger(value, field, 'an integer (epoch milliseconds)');
}

/** Boolean field: `true`/`false` or a string, which is true only when it says "true" in any case (Java `Boolean.valueOf`). */
export function readBool(value: unknown, field: string): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return undefined;
    return t.toLowerCase() === 'true';
  }
  throw CodecError.expected(field, 'a boolean or "true"/"false"', value);
}

function readInteger(value: unknown, field: string, what: string): number | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw CodecError.expected(field, what, value);
  }
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return undefined;
    const n = parseIntegerText(t);
    if (n === undefined) throw CodecError.expected(field, what, value);
    return n;
  }
  throw CodecError.expected(field, what, value);
}

/** Optional sign then decimal digits only (no exponent, no fraction, no hex), within the safe-integer range. */
function parseIntegerText(text: string): number | undefined {
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === 43 /* + */ || first === 45 /* - */) i = 1;
  if (i === text.length || text.length - i > 16) return undefined;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
