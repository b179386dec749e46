/** `scheme://user:pass@host` -> `scheme://host`, anywhere in a text (error messages, logs). */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

export function scrubCredentials(text: string): string {
  return text.replace(USERINFO, '$1');
}

/** A peer's service URL, split into what is shown and what is sent. */
export interface PeerServiceUrl {
  /** As configured, trimmed, ending with `/`; may contain `user:pass@`. */
  serviceUrl: string;
  /** `serviceUrl` without credentials: the only form that is logged or shown. */
  displayUrl: string;
  /** `{displayUrl}peerreplication/batch/` (trailing slash as the reference sends it). */
  batchUrl: string;
  /** `Basic …` when the URL carries credentials. */
  authorization?: string;
}

function decodeUserInfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Parses a configured peer URL (`http://user:pass@peer:8761/eureka/`). Throws on anything but an
 * absolute http(s) URL; the error message never contains the credentials.
 */
export function parsePeerServiceUrl(configured: string): PeerServiceUrl {
  const trimmed = configured.trim();
  const serviceUrl = trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
  const displayUrl = scrubCredentials(serviceUrl);
  let parsed: URL;
  try {
    parsed = new URL(serviceUrl);
  } catch {
    throw new Error(`invalid peer service URL "${displayUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`invalid peer service URL "${displayUrl}": only http and https are supported`);
  }
  const result: PeerServiceUrl = { serviceUrl, displayUrl, batchUrl: `${displayUrl}peerreplication/batch/` };
  if (parsed.username !== '' || parsed.password !== '') {
    const pair = `${decodeUserInfo(parsed.username)}:${decodeUserInfo(parsed.password)}`;
    result.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }
  return result;
}
