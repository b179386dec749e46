import { EurekaClientOptions } from '../config/eureka-client.options';

export const DEFAULT_ZONE = 'defaultZone';

/** Splits a comma-separated option value, trimming and dropping empty entries. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The zone this instance lives in: `metadataMap.zone` when set, else the first zone listed for
 * its region in `availabilityZones`, else `defaultZone` (Spring's rule).
 */
export function resolveInstanceZone(
  options: Pick<EurekaClientOptions, 'metadataMap' | 'availabilityZones' | 'region'>,
): string {
  const fromMetadata = options.metadataMap?.zone?.trim();
  if (fromMetadata) return fromMetadata;
  const [first] = splitList(options.availabilityZones?.[options.region]);
  return first ?? DEFAULT_ZONE;
}
