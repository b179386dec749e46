import { DATA_CENTER_CLASS_AMAZON, InstanceInfo, instanceIdOf } from '../model/instance-info';

export interface RegistrationValidationOptions {
  /**
   * `eureka.experimental.registration.validation.dataCenterInfoId`: reject an Amazon record without
   * `instance-id` instead of letting the server back-fill it (spec §15 #8). Default false.
   */
  requireDataCenterInfoId?: boolean;
}

/**
 * Registration checks of reference `ApplicationResource.addInstance`, in its order (spec §15). Returns
 * the exact 400 body text of the first failing check, or `undefined` when the instance is acceptable.
 * `pathApp` is the `{app}` path segment; the body's `app` is already upper-cased by the decoders.
 * "Blank" is null/undefined/empty: whitespace-only values pass, as in the reference.
 */
export function validateRegistration(
  info: InstanceInfo,
  pathApp: string,
  opts?: RegistrationValidationOptions,
): string | undefined {
  if (isBlank(instanceIdOf(info))) return 'Missing instanceId';
  if (isBlank(info.hostName)) return 'Missing hostname';
  if (isBlank(info.ipAddr)) return 'Missing ip address';
  if (isBlank(info.app)) return 'Missing appName';
  const expected = pathApp.toUpperCase();
  if (expected !== info.app) return `Mismatched appName, expecting ${expected} but was ${info.app}`;
  const dci = info.dataCenterInfo;
  if (!dci) return 'Missing dataCenterInfo';
  if (isBlank(dci.name)) return 'Missing dataCenterInfo Name';
  if (opts?.requireDataCenterInfoId && dci.name === 'Amazon' && isBlank(dci.metadata?.['instance-id'])) {
    return `DataCenterInfo of type ${DATA_CENTER_CLASS_AMAZON} must contain a valid id`;
  }
  return undefined;
}

function isBlank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value === '';
}
