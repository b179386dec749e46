import type { NetworkInterfaceInfo } from 'node:os';
import { chooseIpAddress, isContainerBridge, NetworkInterfaceTable } from './ip-address.chooser';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid: 0 };
}

describe('chooseIpAddress', () => {
  it('skips loopback, internal and container bridges and takes the first real IPv4 address', () => {
    const table: NetworkInterfaceTable = {
      lo: [v4('127.0.0.1', true), v6('::1', true)],
      docker0: [v4('172.17.0.1')],
      'br-3f2a9c': [v4('172.18.0.1')],
      veth12ab: [v4('172.17.0.5')],
      cni0: [v4('10.88.0.1')],
      'flannel.1': [v4('10.244.0.0')],
      virbr0: [v4('192.168.122.1')],
      podman0: [v4('10.89.0.1')],
      eth0: [v6('2001:db8::10'), v4('192.168.1.20')],
      eth1: [v4('10.0.0.7')],
    };
    expect(chooseIpAddress(table)).toBe('192.168.1.20');
  });

  it('prefers IPv4 on a later interface over IPv6 on an earlier one, and skips link-local addresses', () => {
    expect(chooseIpAddress({ eth0: [v6('fe80::1'), v6('2001:db8::1')], eth1: [v4('169.254.1.1'), v4('10.1.2.3')] })).toBe('10.1.2.3');
  });

  it('takes a global IPv6 address when there is no IPv4 one', () => {
    expect(chooseIpAddress({ lo: [v4('127.0.0.1', true)], eth0: [v6('fe80::1'), v6('2001:db8::7')] })).toBe('2001:db8::7');
  });

  it('falls back to 127.0.0.1 when only loopback and bridges exist', () => {
    expect(chooseIpAddress({ lo: [v4('127.0.0.1', true)], docker0: [v4('172.17.0.1')], eth0: undefined })).toBe('127.0.0.1');
    expect(chooseIpAddress({})).toBe('127.0.0.1');
  });

  it('accepts the numeric family of older Node versions', () => {
    expect(chooseIpAddress({ eth0: [{ ...v4('10.9.8.7'), family: 4 as unknown as 'IPv4' }] })).toBe('10.9.8.7');
  });
});

describe('isContainerBridge', () => {
  it.each(['docker0', 'docker_gwbridge', 'br-0123abcd', 'veth9f8e', 'cni0', 'flannel.1', 'virbr0', 'podman1'])('%s is a bridge', (name) => {
    expect(isContainerBridge(name)).toBe(true);
  });
  it.each(['eth0', 'en0', 'ens3', 'wlan0', 'bond0', 'eno1'])('%s is not', (name) => {
    expect(isContainerBridge(name)).toBe(false);
  });
});
