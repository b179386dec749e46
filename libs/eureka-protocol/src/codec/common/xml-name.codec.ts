/**
 * XStream "friendly" element names (spec §5.2): `_` is written `__` and `$` is written `_-`.
 * XStream XML and XStream JSON apply it to metadata keys; readers reverse it.
 */

/** Reverse the XStream escape, left to right: `__` -> `_`, `_-` -> `$`, any other `_` kept. */
export function unescapeXmlName(name: string): string {
  if (name.indexOf('_') < 0) return name;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '_' && i + 1 < name.length) {
      const next = name[i + 1];
      if (next === '_') {
        out += '_';
        i++;
        continue;
      }
      if (next === '-') {
        out += '$';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const ESCAPE_CACHE_LIMIT = 10_000;
let escapeCache = new Map<string, string | null>();

/**
 * The element name XStream would write for a map key, or `null` when even the escaped key is not an
 * XML name (the reference would then write broken XML; we skip the entry). Colons are refused too:
 * namespace-aware readers (Jackson XML) reject undeclared prefixes. Cached: keys repeat across
 * thousands of instances when the registry payload is rebuilt.
 */
export function xmlElementNameForKey(key: string): string | null {
  const cached = escapeCache.get(key);
  if (cached !== undefined) return cached;
  let escaped = key;
  if (key.indexOf('_') >= 0 || key.indexOf('$') >= 0) {
    escaped = '';
    for (let i = 0; i < key.length; i++) {
      const c = key[i];
      escaped += c === '_' ? '__' : c === '$' ? '_-' : c;
    }
  }
  const result = isXmlName(escaped, false) ? escaped : null;
  if (escapeCache.size >= ESCAPE_CACHE_LIMIT) escapeCache = new Map();
  escapeCache.set(key, result);
  return result;
}

/** XML 1.0 (5th ed.) `Name` production; `allowColon` for parsing documents, not for names we write. */
export function isXmlName(name: string, allowColon: boolean): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    let cp = name.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const low = name.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return false;
      cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
      i++;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      return false;
    }
    if (cp === 58 /* : */) {
      if (!allowColon) return false;
      continue;
    }
    if (i === 0 ? !isNameStartChar(cp) : !isNameChar(cp)) return false;
  }
  return true;
}

function isNameStartChar(cp: number): boolean {
  return (
    (cp >= 97 && cp <= 122) || // a-z
    (cp >= 65 && cp <= 90) || // A-Z
    cp === 95 || // _
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

function isNameChar(cp: number): boolean {
  return (
    isNameStartChar(cp) ||
    cp === 45 || // -
    cp === 46 || // .
    (cp >= 48 && cp <= 57) || // 0-9
    cp === 0xb7 ||
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x203f && cp <= 0x2040)
  );
}
