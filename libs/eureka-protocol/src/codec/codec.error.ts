/**
 * A wire document could not be decoded. `field` is the dotted path of the offending value
 * (`instance.port`, `applications.application[0].instance[2].dataCenterInfo.@class`), or `body`
 * when the text itself is not well-formed JSON/XML. The message always starts with the field.
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }

  /** `<field>: expected <what>, got <description of value>`. */
  static expected(field: string, what: string, got: unknown): CodecError {
    return new CodecError(field, `expected ${what}, got ${describeValue(got)}`);
  }
}

/** Short, bounded description of a decoded value for error messages (never echoes large input). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length <= 40 ? `the string ${JSON.stringify(value)}` : 'a long string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A key taken from the input, bounded for use inside a field path (`instance.metadata.<key>`). */
export function fieldKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}...` : key;
}
