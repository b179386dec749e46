/**
 * Character data / attribute escaping for the XML we write: `& < > " '` as entities (as XStream's
 * PrettyPrintWriter does), CR as `&#xd;` so it survives end-of-line normalisation, and characters
 * XML 1.0 cannot carry at all (C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD so
 * one odd metadata value can never make the whole registry document unparseable.
 * One pass over char codes and no allocation when nothing needs escaping (the common case).
 */
export function escapeXmlText(value: string): string {
  const n = value.length;
  let k = 0;
  while (k < n && !needsWork(value.charCodeAt(k))) k++;
  if (k === n) return value;
  let out = value.slice(0, k);
  for (; k < n; k++) {
    const c = value.charCodeAt(k);
    if (!needsWork(c)) {
      out += value[k];
      continue;
    }
    switch (c) {
      case 38:
        out += '&amp;';
        break;
      case 60:
        out += '&lt;';
        break;
      case 62:
        out += '&gt;';
        break;
      case 34:
        out += '&quot;';
        break;
      case 39:
        out += '&apos;';
        break;
      case 13:
        out += '&#xd;';
        break;
      case 9:
      case 10:
        out += value[k];
        break;
      default:
        if (c >= 0xd800 && c <= 0xdbff) {
          const low = value.charCodeAt(k + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            out += value[k] + value[k + 1];
            k++;
            break;
          }
        }
        out += '\ufffd';
    }
  }
  return out;
}

/** True for characters that need escaping or checking; plain ASCII text and most BMP text skip it. */
function needsWork(c: number): boolean {
  if (c >= 0x20 && c < 0xd800) return c === 38 || c === 60 || c === 62 || c === 34 || c === 39;
  return !(c >= 0xe000 && c <= 0xfffd);
}
