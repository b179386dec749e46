import { InstanceInfo } from '@nest-eureka/protocol';

/** The host part to call an instance at: its host name, else its IP address. */
export function instanceHost(info: InstanceInfo): string {
  const host = info.hostName?.trim() || info.ipAddr?.trim() || '';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * `url` rewritten to reach `info`: https on the secure port when the URL is https and the
 * instance has its secure port enabled, else http on the non-secure port (https on the secure
 * port when that is the only one enabled). Path, query and fragment are kept; credentials too.
 */
export function resolveInstanceUrl(url: URL, info: InstanceInfo): string {
  const wantsSecure = url.protocol === 'https:';
  let secure: boolean;
  if (wantsSecure && info.securePort.enabled) secure = true;
  else if (info.port.enabled) secure = false;
  else secure = info.securePort.enabled;
  const target = new URL(url.href);
  target.protocol = secure ? 'https:' : 'http:';
  target.host = `${instanceHost(info)}:${secure ? info.securePort.port : info.port.port}`;
  return target.href;
}
