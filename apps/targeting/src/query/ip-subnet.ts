import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface Subnet {
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly mask: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

export function parseIpAddress(text: string): IpAddress | undefined {
  if (isIPv4(text)) {
    return { version: 4, value: ipv4Value(text) };
  }
  if (isIPv6(text)) {
    return { version: 6, value: ipv6Value(text) };
  }
  return undefined;
}

/** `10.1.0.0/16` or `fe80::/10`; host bits may be set (`10.1.4.42/16` means 10.1.0.0/16). */
export function parseSubnet(text: string): Subnet | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) {
    return undefined;
  }
  const address = parseIpAddress(text.slice(0, slash));
  const prefix = Number(text.slice(slash + 1));
  if (!address || prefix > BITS[address.version]) {
    return undefined;
  }
  const bits = BITS[address.version];
  const all = (1n << BigInt(bits)) - 1n;
  const mask = all ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { version: address.version, network: address.value & mask, mask };
}

export function subnetContains(subnet: Subnet, address: IpAddress): boolean {
  return subnet.version === address.version && (address.value & subnet.mask) === subnet.network;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** Expects text node:net already accepted as IPv6 (zone IDs included). */
function ipv6Value(text: string): bigint {
  const withoutZone = text.split('%')[0];
  let groups = withoutZone.split(':');
  const last = groups[groups.length - 1];
  if (last.includes('.')) {
    const v4 = ipv4Value(last);
    groups = [...groups.slice(0, -1), ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16)];
  }
  const gap = groups.indexOf('');
  if (gap >= 0) {
    const head = groups.slice(0, gap).filter((group) => group !== '');
    const tail = groups.slice(gap + 1).filter((group) => group !== '');
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
