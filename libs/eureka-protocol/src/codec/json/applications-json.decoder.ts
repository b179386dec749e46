import { Application, Applications } from '../../model/applications';
import { InstanceInfo } from '../../model/instance-info';
import { CodecError, fieldKey } from '../codec.error';
import { isAbsent, isPlainObject, readText } from '../common/scalar.coerce';
import { ABSENT_VERSION_DELTA } from '../common/wire.constants';
import { decodeInstanceValue } from './instance-json.decoder';
import { own, parseJsonText, unwrapRoot } from './json-text.parse';

/**
 * `{"applications": {...}}` in any JSON dialect: keys before or after the list, `versions__delta` as a
 * string or a number, `application`/`instance` as an array, a single object (XStream) or missing,
 * unknown keys such as `registeredApplicationsEmpty` ignored.
 */
export function decodeApplicationsJson(text: string): Applications {
  const root = unwrapRoot(parseJsonText(text), 'applications');
  const now = Date.now();
  const versionDelta = readVersion(root);
  const hash = readText(own(root, 'apps__hashcode'), 'applications.apps__hashcode');
  const applications = listOf(own(root, 'application'), 'applications.application').map((app, i) =>
    decodeApplicationValue(app, `applications.application[${i}]`, now),
  );
  return { versionDelta: versionDelta ?? ABSENT_VERSION_DELTA, appsHashCode: hash ?? '', applications };
}

/** `{"application": {"name": ..., "instance": [...]}}`. */
export function decodeApplicationJson(text: string): Application {
  return decodeApplicationValue(unwrapRoot(parseJsonText(text), 'application'), 'application', Date.now());
}

function decodeApplicationValue(value: unknown, path: string, now: number): Application {
  if (!isPlainObject(value)) throw CodecError.expected(path, 'an application object', value);
  const name = readText(own(value, 'name'), `${path}.name`);
  if (name === undefined) throw new CodecError(`${path}.name`, 'required, but missing');
  const instances: InstanceInfo[] = listOf(own(value, 'instance'), `${path}.instance`).map((inst, i) =>
    decodeInstanceValue(inst, `${path}.instance[${i}]`, now),
  );
  return { name, instances };
}

/** `versions__delta`, or else the first key starting with `version` (the Jackson builder's rule). */
function readVersion(root: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(root, 'versions__delta')) return readVersionValue(root.versions__delta, 'applications.versions__delta');
  for (const key of Object.keys(root)) {
    if (key.startsWith('version')) return readVersionValue(root[key], `applications.${fieldKey(key)}`);
  }
  return undefined;
}

function readVersionValue(value: unknown, field: string): string | undefined {
  const text = readText(value, field);
  return text === undefined ? undefined : text.trim();
}

/** A JSON list in XStream-tolerant form: array, single object, or absent (= empty). */
function listOf(value: unknown, field: string): unknown[] {
  if (isAbsent(value)) return [];
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return [value];
  throw CodecError.expected(field, 'an array of objects', value);
}
