import { CodecError } from '../codec.error';
import { MAX_JSON_DEPTH, jsonDepthExceeds, parseJsonText } from './json-text.parse';

describe('parseJsonText depth budget', () => {
  it(`parses nesting up to ${MAX_JSON_DEPTH} levels and refuses deeper, naming the limit`, () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(parseJsonText(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseJsonText(nested(MAX_JSON_DEPTH + 1))).toThrow(new CodecError('body', `nesting deeper than ${MAX_JSON_DEPTH} levels`));
    expect(() => parseJsonText(`{"a":${nested(500_000)}}`)).toThrow(/nesting deeper than 64 levels/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '[[[[{{{{\\"[[[['.repeat(100), t: ['"]]]]'] });
    expect(jsonDepthExceeds(text, 2)).toBe(false);
    expect(parseJsonText(text)).toMatchObject({ t: ['"]]]]'] });
  });
});
