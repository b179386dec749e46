import { Applications, decodeApplicationsJson, decodeApplicationsXml } from '@nest-eureka/protocol';

/**
 * Decodes an Applications document by its `Content-Type` (spec §2.2, §6): a media type containing
 * `json` -> JSON, anything else -> XML; parameters such as `;charset=UTF-8` are ignored. Without a
 * Content-Type the body decides (`{` -> JSON).
 */
export function decodeApplicationsResponse(contentType: string | undefined, body: Buffer): Applications {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const json = mediaType === '' ? text.trimStart().startsWith('{') : mediaType.includes('json');
  return json ? decodeApplicationsJson(text) : decodeApplicationsXml(text);
}
