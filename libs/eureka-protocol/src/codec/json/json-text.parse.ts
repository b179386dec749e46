import { CodecError, fieldKey } from '../codec.error';
import { isPlainObject } from '../common/scalar.coerce';

/**
 * Deepest nesting of arrays and objects accepted. Eureka documents nest at most 6 levels (a
 * replication batch); a megabyte of `[[[[...` costs `JSON.parse` some 300 ms of main-thread time,
 * the same bytes refused by the scan below about 10 ms.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON text -> value. Nesting deeper than `MAX_JSON_DEPTH` is refused by a linear scan before
 * `JSON.parse` runs. V8's `JSON.parse` is iterative (no stack overflow on deep nesting) and defines
 * `__proto__` as an ordinary own key, so it is safe on untrusted input; the decoders only ever walk the
 * fixed Eureka structure and never recurse into unknown values.
 */
export function parseJsonText(text: string): unknown {
  if (typeof text !== 'string') throw CodecError.expected('body', 'JSON text', text);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) throw new CodecError('body', `nesting deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(body);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CodecError('body', `malformed JSON (${detail.length > 120 ? `${detail.slice(0, 120)}...` : detail})`);
  }
}

/** Whether arrays and objects in `text` nest deeper than `limit` (brackets inside strings do not count). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** `{"<root>": {...}}` and nothing else at the root, as Jackson's root unwrapping requires. */
export function unwrapRoot(doc: unknown, root: string): Record<string, unknown> {
  if (!isPlainObject(doc)) throw CodecError.expected('body', `an object {"${root}": {...}}`, doc);
  let found = false;
  for (const key of Object.keys(doc)) {
    if (key === root) found = true;
    else throw new CodecError(fieldKey(key), `unexpected root key; the document must be exactly {"${root}": {...}}`);
  }
  if (!found) throw new CodecError(root, `required root wrapper {"${root}": {...}} is missing`);
  const value = doc[root];
  if (!isPlainObject(value)) throw CodecError.expected(root, 'an object', value);
  return value;
}

/** Own property or undefined: never reads through the prototype chain. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
