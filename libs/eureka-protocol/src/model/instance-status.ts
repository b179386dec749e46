/** Instance statuses, spelled as the reference enum. */
export const InstanceStatus = {
  UP: 'UP',
  DOWN: 'DOWN',
  STARTING: 'STARTING',
  OUT_OF_SERVICE: 'OUT_OF_SERVICE',
  UNKNOWN: 'UNKNOWN',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

export const INSTANCE_STATUSES: readonly InstanceStatus[] = Object.values(InstanceStatus);

/** Exact, case-sensitive parse (Java `valueOf`): undefined when not a status name. */
export function parseStatusStrict(value: unknown): InstanceStatus | undefined {
  return typeof value === 'string' && (INSTANCE_STATUSES as readonly string[]).includes(value)
    ? (value as InstanceStatus)
    : undefined;
}

/** Lenient parse used by decoders: case-insensitive, anything unknown becomes UNKNOWN (reference `toEnum`). */
export function parseStatusLenient(value: unknown): InstanceStatus {
  if (typeof value !== 'string') return InstanceStatus.UNKNOWN;
  return parseStatusStrict(value.toUpperCase()) ?? InstanceStatus.UNKNOWN;
}

/** What the registry last did to a record; carried in every document, authoritative in deltas. */
export const ActionType = {
  ADDED: 'ADDED',
  MODIFIED: 'MODIFIED',
  DELETED: 'DELETED',
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

export function parseActionType(value: unknown): ActionType | undefined {
  return value === 'ADDED' || value === 'MODIFIED' || value === 'DELETED' ? value : undefined;
}
