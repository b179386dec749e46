import { InstanceStatus, parseStatusStrict } from '@nest-eureka/protocol';

/** A query parameter that is not what the reference would accept: answered 400 naming it. */
export class InvalidParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

const DECIMAL = /^-?\d{1,19}$/;

/** Optional decimal epoch-millisecond parameter (`lastDirtyTimestamp`); undefined when absent. */
export function parseTimestampParam(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !DECIMAL.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidParameterError(name, `must be a decimal epoch-millisecond timestamp, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

const STATUS_LIST = 'UP, DOWN, STARTING, OUT_OF_SERVICE, UNKNOWN';

/** A status parameter, exact and case-sensitive like Java's `valueOf`. */
export function parseStatusParam(name: string, value: unknown, fallback?: InstanceStatus): InstanceStatus {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined && fallback !== undefined) return fallback;
  const status = parseStatusStrict(text);
  if (status === undefined) {
    throw new InvalidParameterError(
      name,
      text === undefined ? `is required (one of ${STATUS_LIST})` : `must be one of ${STATUS_LIST}, got ${JSON.stringify(text)}`,
    );
  }
  return status;
}

/** An optional status parameter (`overriddenstatus` on replicated heartbeats): lenient, unknown -> undefined. */
export function parseOptionalStatus(value: unknown): InstanceStatus | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return parseStatusStrict(text);
}
