import { WireFormat } from '../cache/cache-key';

export const CONTENT_TYPE_JSON = 'application/json';
export const CONTENT_TYPE_XML = 'application/xml';

/**
 * Response format from `Accept` (spec §6): the raw header containing `json` means JSON;
 * absent, `*\/*`, `application/*` or anything mentioning xml means XML; anything else (e.g. only
 * `text/html`) is not acceptable (406). Header and body always agree.
 */
export function negotiateFormat(accept: string | undefined): WireFormat | undefined {
  if (accept === undefined || accept === '') return 'xml';
  if (accept.includes('json')) return 'json';
  if (accept.includes('xml') || accept.includes('*/*') || accept.includes('application/*')) return 'xml';
  return undefined;
}

export function contentTypeOf(format: WireFormat): string {
  return format === 'json' ? CONTENT_TYPE_JSON : CONTENT_TYPE_XML;
}

/** `X-Eureka-Accept: compact` (case-insensitive); anything else is the full form. */
export function isCompact(header: string | undefined): boolean {
  return header !== undefined && header.length === 7 && header.toLowerCase() === 'compact';
}

export function acceptsGzip(header: string | undefined): boolean {
  return header !== undefined && header.includes('gzip');
}

/** The replication marker counts only when it is exactly `true` (case-sensitive, spec §2.1). */
export function isReplication(header: string | undefined): boolean {
  return header === 'true';
}

export type BodyMediaType = { format: WireFormat; charset: 'utf8' | 'latin1'; exactJson: boolean };

/**
 * A register body's media type (spec §2.1): JSON or XML with optional parameters; a charset, if
 * given, must be UTF-8 or ISO-8859-1. Undefined means 415.
 */
export function parseBodyMediaType(contentType: string | undefined): BodyMediaType | undefined {
  if (!contentType) return undefined;
  const [type, ...params] = contentType.split(';');
  const mediaType = type.trim().toLowerCase();
  let format: WireFormat;
  if (mediaType === 'application/json') format = 'json';
  else if (mediaType === 'application/xml' || mediaType === 'text/xml') format = 'xml';
  else return undefined;
  let charset: 'utf8' | 'latin1' = 'utf8';
  for (const param of params) {
    const [name, value = ''] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const cs = value.trim().replace(/^"|"$/g, '').toUpperCase();
    if (cs === 'UTF-8') charset = 'utf8';
    else if (cs === 'ISO-8859-1') charset = 'latin1';
    else return undefined;
  }
  return { format, charset, exactJson: contentType === CONTENT_TYPE_JSON };
}
