import { Application, Applications } from '../../model/applications';
import { EncodeOptions } from '../common/encode.options';
import { compactInstanceJsonObject, instanceJsonObject } from './instance-json.encoder';

/**
 * `{"applications": {"versions__delta": "1", "apps__hashcode": "...", "application": [...]}}`:
 * `application` and each `instance` are always arrays (`[]` when empty; Spring clients NPE otherwise).
 * Compact keeps the reference mini codec's order: the list first, then the two strings.
 */
export function encodeApplicationsJson(doc: Applications, opts?: EncodeOptions): string {
  const compact = opts?.compact === true;
  const application = doc.applications.map((app) => applicationObject(app, compact));
  const versionDelta = String(doc.versionDelta);
  const appsHashCode = doc.appsHashCode ?? '';
  return JSON.stringify({
    applications: compact
      ? { application, versions__delta: versionDelta, apps__hashcode: appsHashCode }
      : { versions__delta: versionDelta, apps__hashcode: appsHashCode, application },
  });
}

/** `{"application": {"name": "...", "instance": [...]}}`. */
export function encodeApplicationJson(app: Application, opts?: EncodeOptions): string {
  return JSON.stringify({ application: applicationObject(app, opts?.compact === true) });
}

function applicationObject(app: Application, compact: boolean): Record<string, unknown> {
  return { name: app.name, instance: app.instances.map(compact ? compactInstanceJsonObject : instanceJsonObject) };
}
