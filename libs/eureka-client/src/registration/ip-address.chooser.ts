import type { NetworkInterfaceInfo } from 'node:os';

/** Interface table as returned by `os.networkInterfaces()`. */
export type NetworkInterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

export const FALLBACK_IP_ADDRESS = '127.0.0.1';

/** Bridges and virtual links of container runtimes and hypervisors: never the host's address. */
const CONTAINER_BRIDGES: readonly RegExp[] = [/^docker/, /^br-/, /^veth/, /^cni/, /^flannel/, /^virbr/, /^podman/];

export function isContainerBridge(interfaceName: string): boolean {
  return CONTAINER_BRIDGES.some((pattern) => pattern.test(interfaceName));
}

function isIpv4(info: NetworkInterfaceInfo): boolean {
  // Node 18.0-18.3 reported the family as a number.
  return (info.family as string | number) === 'IPv4' || (info.family as string | number) === 4;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

function isLinkLocal(address: string): boolean {
  return address.startsWith('169.254.') || /^fe[89ab]/i.test(address);
}

/**
 * The address to advertise (Spring's `InetUtils.findFirstNonLoopbackAddress`): the first
 * address, in table order, of an interface that is not internal, not loopback, not link-local
 * and not a container bridge; IPv4 before IPv6; `127.0.0.1` when there is none.
 */
export function chooseIpAddress(table: NetworkInterfaceTable): string {
  let ipv6: string | undefined;
  for (const [name, infos] of Object.entries(table)) {
    if (!infos || isContainerBridge(name)) continue;
    for (const info of infos) {
      if (info.internal || isLoopback(info.address) || isLinkLocal(info.address)) continue;
      if (isIpv4(info)) return info.address;
      ipv6 ??= info.address;
    }
  }
  return ipv6 ?? FALLBACK_IP_ADDRESS;
}
