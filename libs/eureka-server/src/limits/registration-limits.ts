import type { InstanceInfo } from '@nest-eureka/protocol';

/** What a registration may carry: `maxMetadataEntries` and `maxFieldLength` of the server options. */
export interface RegistrationLimits {
  maxMetadataEntries: number;
  maxFieldLength: number;
}

/** A broken limit: the option's name, the field and the 400 text. */
export interface LimitViolation {
  limit: keyof RegistrationLimits;
  field: string;
  message: string;
}

/** The plain string fields `maxFieldLength` applies to, in the order they are checked. */
export const LIMITED_FIELDS = [
  'instanceId',
  'hostName',
  'app',
  'appGroupName',
  'ipAddr',
  'vipAddress',
  'secureVipAddress',
  'homePageUrl',
  'statusPageUrl',
  'healthCheckUrl',
  'secureHealthCheckUrl',
  'asgName',
] as const satisfies ReadonlyArray<keyof InstanceInfo>;

/** Shown instead of a key that is itself too long, so the message stays short. */
const MAX_KEY_IN_MESSAGE = 64;

function tooLong(field: string, length: number, max: number): LimitViolation {
  return {
    limit: 'maxFieldLength',
    field,
    message: `${field}: ${length} characters exceed maxFieldLength (${max})`,
  };
}

function shownKey(key: string): string {
  return JSON.stringify(key.length > MAX_KEY_IN_MESSAGE ? `${key.slice(0, MAX_KEY_IN_MESSAGE)}...` : key);
}

/**
 * The first limit a decoded registration breaks, or undefined. Checked before the registry sees
 * the instance, so a rejected registration changes nothing.
 */
export function checkRegistrationLimits(info: InstanceInfo, limits: RegistrationLimits): LimitViolation | undefined {
  const max = limits.maxFieldLength;
  for (const field of LIMITED_FIELDS) {
    const value = info[field];
    if (typeof value === 'string' && value.length > max) return tooLong(field, value.length, max);
  }
  const metadata = info.metadata ?? {};
  return checkMetadataLimits(Object.entries(metadata), limits);
}

/** Entry count and key/value lengths of metadata entries (registration or `PUT .../metadata`). */
export function checkMetadataLimits(
  entries: ReadonlyArray<readonly [string, unknown]>,
  limits: RegistrationLimits,
): LimitViolation | undefined {
  if (entries.length > limits.maxMetadataEntries) {
    return {
      limit: 'maxMetadataEntries',
      field: 'metadata',
      message: `metadata: ${entries.length} entries exceed maxMetadataEntries (${limits.maxMetadataEntries})`,
    };
  }
  const max = limits.maxFieldLength;
  for (const [key, value] of entries) {
    if (key.length > max) return tooLong(`metadata key ${shownKey(key)}`, key.length, max);
    if (typeof value === 'string' && value.length > max) return tooLong(`metadata[${shownKey(key)}]`, value.length, max);
  }
  return undefined;
}

/**
 * Limits of `PUT apps/{app}/{id}/metadata`: the record's metadata after the merge must stay within
 * `maxMetadataEntries` (keys already present count once), and each new key and value within
 * `maxFieldLength`. Keys that are not XML names are allowed, as on registration (left out of XML,
 * kept in JSON).
 */
export function checkMetadataUpdateLimits(
  existing: Readonly<Record<string, string>>,
  entries: ReadonlyArray<readonly [string, string]>,
  limits: RegistrationLimits,
): LimitViolation | undefined {
  let merged = Object.keys(existing).length;
  for (const [key] of entries) if (!Object.prototype.hasOwnProperty.call(existing, key)) merged++;
  if (merged > limits.maxMetadataEntries) {
    return {
      limit: 'maxMetadataEntries',
      field: 'metadata',
      message: `metadata: ${merged} entries after the update exceed maxMetadataEntries (${limits.maxMetadataEntries})`,
    };
  }
  return checkMetadataLimits(entries, { maxMetadataEntries: Infinity, maxFieldLength: limits.maxFieldLength });
}
