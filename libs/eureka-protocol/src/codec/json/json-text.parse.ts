import { CodecError, fieldKey } from '../codec.error';
import { isPlainObject } from '../common/scalar.coerce';

/**
 * JSON text -> value. V8's `JSON.parse` is iterative (no stack overflow on deep nesting) and defines
 * `__proto__` as an ordinary own key, so it is safe on untrusted input; the decoders only ever walk the
 * fixed Eureka structure and never recurse into unknown values.
 */
export function parseJsonText(text: string): unknown {
  if (typeof text !== 'string') throw CodecError.expected('body', 'JSON text', text);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CodecError('body', `malformed JSON (${detail.length > 120 ? `${detail.slice(0, 120)}...` : detail})`);
  }
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
