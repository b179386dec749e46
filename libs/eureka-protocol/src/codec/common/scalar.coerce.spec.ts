import { CodecError } from '../codec.error';
import { readBool, readInt, readLong, readText } from './scalar.coerce';

describe('scalar readers', () => {
  it('readText: strings as is, numbers/booleans stringified, null/undefined absent, objects rejected', () => {
    expect([readText('x', 'f'), readText(1, 'f'), readText(true, 'f'), readText(null, 'f'), readText(undefined, 'f')]).toEqual([
      'x', '1', 'true', undefined, undefined,
    ]);
    expect(() => readText({}, 'f')).toThrow(new CodecError('f', 'expected a string, got an object'));
  });

  it('readInt: integers as numbers or decimal strings within int32; empty string absent', () => {
    expect([readInt(8080, 'p'), readInt(' 8080 ', 'p'), readInt('-1', 'p'), readInt('+7', 'p'), readInt('', 'p')]).toEqual([
      8080, 8080, -1, 7, undefined,
    ]);
    for (const bad of ['8e3', '0x10', '1.0', '80 80', 'abc', 1.5, 2147483648, NaN, Infinity, true, []]) {
      expect(() => readInt(bad, 'p')).toThrow(CodecError);
    }
  });

  it('readLong: safe integers only', () => {
    expect(readLong('1700000000005', 't')).toBe(1700000000005);
    expect(() => readLong('99999999999999999', 't')).toThrow(CodecError);
    expect(() => readLong(2 ** 53, 't')).toThrow(CodecError);
  });

  it('readBool: booleans, or strings true in any case (else false)', () => {
    expect([readBool(true, 'b'), readBool('TRUE', 'b'), readBool('false', 'b'), readBool('yes', 'b'), readBool('', 'b')]).toEqual([
      true, true, false, false, undefined,
    ]);
    expect(() => readBool(1, 'b')).toThrow('b: expected a boolean or "true"/"false", got a number');
  });
});
