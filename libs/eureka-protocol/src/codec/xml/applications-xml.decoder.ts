import { Application, Applications } from '../../model/applications';
import { CodecError, fieldKey } from '../codec.error';
import { ABSENT_VERSION_DELTA } from '../common/wire.constants';
import { decodeInstanceElement, expectRoot, leafText } from './instance-xml.decoder';
import { XmlElement, parseXml } from './xml.parser';

/**
 * `<applications>` in XStream XML (keys first, pretty-printed, no `<application>` when empty) or
 * Jackson XML (keys last, `registeredApplicationsEmpty`, ignored).
 */
export function decodeApplicationsXml(text: string): Applications {
  const root = expectRoot(parseXml(text), 'applications');
  const now = Date.now();
  let versionDelta: string | undefined;
  let fallbackVersion: string | undefined;
  let appsHashCode = '';
  const applications: Application[] = [];
  for (const child of root.children) {
    const f = `applications.${fieldKey(child.name)}`;
    if (child.name === 'application') {
      applications.push(decodeApplicationElement(child, `applications.application[${applications.length}]`, now));
    } else if (child.name === 'versions__delta') {
      versionDelta = leafText(child, f).trim();
    } else if (child.name === 'apps__hashcode') {
      appsHashCode = leafText(child, f).trim();
    } else if (child.name.startsWith('version') && fallbackVersion === undefined) {
      fallbackVersion = leafText(child, f).trim();
    }
  }
  return { versionDelta: versionDelta ?? fallbackVersion ?? ABSENT_VERSION_DELTA, appsHashCode, applications };
}

/** `<application><name>...</name><instance>...</instance>...</application>`. */
export function decodeApplicationXml(text: string): Application {
  return decodeApplicationElement(expectRoot(parseXml(text), 'application'), 'application', Date.now());
}

function decodeApplicationElement(el: XmlElement, path: string, now: number): Application {
  let name: string | undefined;
  const instances = [];
  for (const child of el.children) {
    if (child.name === 'name') name = leafText(child, `${path}.name`);
    else if (child.name === 'instance') {
      instances.push(decodeInstanceElement(child, `${path}.instance[${instances.length}]`, now));
    }
  }
  if (name === undefined) throw new CodecError(`${path}.name`, 'required, but missing');
  return { name, instances };
}
