import { CodecError } from '../codec.error';
import { isXmlName } from '../common/xml-name.codec';

/** One element of a parsed document: attributes, child elements and its own character data. */
export interface XmlElement {
  name: string;
  /** Null-prototype map (a shared empty one when the element has no attributes). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements in document order (a shared empty array for leaves: never mutate it). */
  readonly children: readonly XmlElement[];
  /**
   * Concatenated character data (text and CDATA) directly inside this element, entities decoded.
   * Whitespace-only runs between child elements (indentation) are not kept.
   */
  text: string;
}

const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** Mutable view used while building; leaves share the empty attrs/children to keep big documents cheap. */
interface BuildElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Eureka documents nest 6 levels deep; anything past this is hostile or broken. */
export const MAX_XML_DEPTH = 64;

/**
 * A small, strict, non-validating XML parser for Eureka payloads. Deliberately minimal and safe on
 * untrusted input:
 * - any `<!DOCTYPE` (hence any entity declaration, internal or external) is rejected: no entity
 *   expansion, no external fetches; only the five predefined entities and numeric character
 *   references are decoded;
 * - iterative (explicit stack, depth capped at {@link MAX_XML_DEPTH}): no recursion on input depth;
 * - well-formedness: one root, matching end tags, quoted unique attributes, no stray text outside
 *   the root; comments and processing instructions (including the `<?xml ...?>` declaration) skipped.
 * Namespaces are not interpreted: a prefixed name is just a name.
 */
export function parseXml(input: string): XmlElement {
  if (typeof input !== 'string') throw CodecError.expected('body', 'XML text', input);
  const text = input;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: BuildElement[] = [];
  let root: BuildElement | undefined;

  const fail = (at: number, problem: string): never => {
    throw new CodecError('body', `malformed XML at offset ${at}: ${problem}`);
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      const top = stack[stack.length - 1];
      if (!top) {
        if (!isWhitespace(raw)) fail(i, 'text outside the root element');
      } else if (top.children === NO_CHILDREN || !isWhitespace(raw)) {
        // Indentation between child elements is dropped: only leaves' text is ever read.
        top.text += decodeEntities(normaliseLineEnds(raw), i, fail);
      }
    }
    if (lt < 0) break;
    i = lt;
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 63 /* ? */) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) fail(i, 'unterminated processing instruction');
      i = close + 2;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) fail(i, 'unterminated comment');
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      if (close < 0) fail(i, 'unterminated CDATA section');
      const top = stack[stack.length - 1];
      if (!top) fail(i, 'CDATA outside the root element');
      top!.text += text.slice(i + 9, close);
      i = close + 3;
    } else if (c1 === 33 /* ! */) {
      if (text.slice(i + 2, i + 9).toUpperCase() === 'DOCTYPE') {
        throw new CodecError('body', 'DOCTYPE declarations are not allowed (no DTDs, no entity declarations)');
      }
      fail(i, 'unsupported markup declaration');
    } else if (c1 === 47 /* / */) {
      const close = text.indexOf('>', i + 2);
      if (close < 0) fail(i, 'unterminated end tag');
      const name = text.slice(i + 2, close).trimEnd();
      const top = stack.pop();
      if (!top) fail(i, `end tag </${clip(name)}> without a start tag`);
      if (top!.name !== name) fail(i, `end tag </${clip(name)}> does not match <${clip(top!.name)}>`);
      i = close + 1;
    } else {
      if (root && stack.length === 0) fail(i, 'more than one root element');
      if (stack.length >= MAX_XML_DEPTH) fail(i, `elements nested deeper than ${MAX_XML_DEPTH} levels`);
      const { element, next, selfClosing } = readStartTag(text, i, fail);
      const parent = stack[stack.length - 1];
      if (parent) {
        if (parent.children === NO_CHILDREN) {
          parent.children = [];
          if (isWhitespace(parent.text)) parent.text = '';
        }
        parent.children.push(element);
      } else {
        root = element;
      }
      if (!selfClosing) stack.push(element);
      i = next;
    }
  }
  if (stack.length > 0) fail(n, `element <${clip(stack[stack.length - 1].name)}> is not closed`);
  if (!root) fail(n, 'no root element');
  return root!;
}

type Fail = (at: number, problem: string) => never;

function readStartTag(text: string, start: number, fail: Fail): { element: BuildElement; next: number; selfClosing: boolean } {
  const n = text.length;
  let j = start + 1;
  while (j < n && !isNameEnd(text.charCodeAt(j))) j++;
  const name = text.slice(start + 1, j);
  if (!isXmlName(name, true)) fail(start, `invalid element name ${JSON.stringify(name.slice(0, 40))}`);
  const element: BuildElement = { name, attrs: NO_ATTRS as Record<string, string>, children: NO_CHILDREN as XmlElement[], text: '' };
  for (;;) {
    const wsStart = j;
    while (j < n && isWs(text.charCodeAt(j))) j++;
    if (j >= n) fail(start, `unterminated start tag <${clip(name)}>`);
    const c = text.charCodeAt(j);
    if (c === 62 /* > */) return { element, next: j + 1, selfClosing: false };
    if (c === 47 /* / */) {
      if (text.charCodeAt(j + 1) !== 62) fail(j, 'expected "/>"');
      return { element, next: j + 2, selfClosing: true };
    }
    if (j === wsStart) fail(j, 'expected whitespace before an attribute');
    const attrStart = j;
    while (j < n && !isNameEnd(text.charCodeAt(j)) && text.charCodeAt(j) !== 61 /* = */) j++;
    const attr = text.slice(attrStart, j);
    if (!isXmlName(attr, true)) fail(attrStart, `invalid attribute name ${JSON.stringify(attr.slice(0, 40))}`);
    while (j < n && isWs(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 61) fail(j, `expected "=" after attribute ${clip(attr)}`);
    j++;
    while (j < n && isWs(text.charCodeAt(j))) j++;
    const quote = text.charCodeAt(j);
    if (quote !== 34 && quote !== 39) fail(j, `attribute ${clip(attr)} value must be quoted`);
    const close = text.indexOf(quote === 34 ? '"' : "'", j + 1);
    if (close < 0) fail(j, `unterminated value of attribute ${clip(attr)}`);
    const raw = text.slice(j + 1, close);
    if (raw.indexOf('<') >= 0) fail(j, `"<" in the value of attribute ${clip(attr)}`);
    if (element.attrs === NO_ATTRS) element.attrs = Object.create(null) as Record<string, string>;
    if (Object.hasOwn(element.attrs, attr)) fail(attrStart, `duplicate attribute ${clip(attr)}`);
    element.attrs[attr] = decodeEntities(normaliseAttribute(raw), j + 1, fail);
    j = close + 1;
  }
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
});

/** The five predefined entities and `&#NN;` / `&#xHH;`; anything else is an error (no DTD, so undeclared). */
export function decodeEntities(raw: string, offset: number, fail: Fail): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) fail(offset + amp, 'unterminated entity reference');
    const ref = raw.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const hex = ref.charCodeAt(1) === 120 /* x */;
      const digits = ref.slice(hex ? 2 : 1);
      const valid = digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits);
      const cp = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!isXmlChar(cp)) fail(offset + amp, `invalid character reference &${ref};`);
      decoded = String.fromCodePoint(cp);
    } else {
      decoded = NAMED_ENTITIES[ref];
      if (decoded === undefined) fail(offset + amp, `undeclared entity &${ref.slice(0, 10)};`);
    }
    out += raw.slice(from, amp) + decoded;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

/** XML end-of-line handling: literal CR LF and lone CR become LF (a `&#xd;` reference survives). */
function normaliseLineEnds(raw: string): string {
  return raw.indexOf('\r') < 0 ? raw : raw.split('\r\n').join('\n').split('\r').join('\n');
}

/** Attribute-value normalisation: literal tab, CR, LF become spaces (references are decoded after). */
function normaliseAttribute(raw: string): string {
  let out = normaliseLineEnds(raw);
  for (const ws of ['\t', '\n']) if (out.indexOf(ws) >= 0) out = out.split(ws).join(' ');
  return out;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Input-derived names in messages are bounded. */
function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}...` : name;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameEnd(c: number): boolean {
  return isWs(c) || c === 62 /* > */ || c === 47 /* / */;
}

function isWhitespace(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (!isWs(s.charCodeAt(k))) return false;
  return true;
}
