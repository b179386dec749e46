import { Application, Applications } from '../../model/applications';
import { EncodeOptions } from '../common/encode.options';
import { writeCompactInstanceXml, writeInstanceXml } from './instance-xml.encoder';
import { escapeXmlText as esc } from './xml-text.escape';

/**
 * XStream XML `<applications>`: `versions__delta` and `apps__hashcode` first (compact: after the list,
 * like the reference mini codec), one `<application>` per app and none at all for an empty registry,
 * `<apps__hashcode></apps__hashcode>` when the hash is empty.
 */
export function encodeApplicationsXml(doc: Applications, opts?: EncodeOptions): string {
  const compact = opts?.compact === true;
  const out: string[] = ['<applications>\n'];
  if (!compact) writeKeys(out, doc);
  for (const app of doc.applications) {
    // One flat string per application keeps the piece array small (fewer, larger strings to join).
    const pieces: string[] = [];
    writeApplication(pieces, app, '  ', compact);
    pieces.push('\n');
    out.push(pieces.join(''));
  }
  if (compact) writeKeys(out, doc);
  out.push('</applications>');
  return out.join('');
}

/** `<application><name>ORDERS</name><instance>...</instance>...</application>`. */
export function encodeApplicationXml(app: Application, opts?: EncodeOptions): string {
  const out: string[] = [];
  writeApplication(out, app, '', opts?.compact === true);
  return out.join('');
}

function writeKeys(out: string[], doc: Applications): void {
  out.push(
    '  <versions__delta>',
    esc(String(doc.versionDelta)),
    '</versions__delta>\n  <apps__hashcode>',
    esc(doc.appsHashCode ?? ''),
    '</apps__hashcode>\n',
  );
}

function writeApplication(out: string[], app: Application, indent: string, compact: boolean): void {
  const inner = `${indent}  `;
  out.push(indent, '<application>\n', inner, '<name>', esc(app.name), '</name>\n');
  const write = compact ? writeCompactInstanceXml : writeInstanceXml;
  for (const info of app.instances) {
    write(out, info, inner);
    out.push('\n');
  }
  out.push(indent, '</application>');
}
