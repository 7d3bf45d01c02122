/** The one subnet matcher: DP boundaries in the content-location rule and targeting's IN SUBNET. */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * An address as a point of the IPv6 space, so one comparison serves both families: an IPv4
 * address a.b.c.d sits at its IPv4-mapped IPv6 address ::ffff:a.b.c.d.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** A network as the range of the IPv6 space it covers; an IPv4 one lies within ::ffff:0:0/96. */
export interface Subnet {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * How the two families meet. `separate`: an IPv4 address never matches an IPv6 subnet, nor the
 * reverse. `ipv4-mapped`: an IPv4 address and its IPv4-mapped IPv6 form are one host, so
 * ::ffff:10.1.2.3 is in 10.1.0.0/16 and every IPv4 address is in ::/0 (node's BlockList rule).
 */
export type FamilyMatching = 'separate' | 'ipv4-mapped';

const BITS = { 4: 32, 6: 128 } as const;
const IPV4_MAPPED_PREFIX = 0xffff_0000_0000n;

export function parseIpAddress(text: string): IpAddress | undefined {
  if (isIPv4(text)) {
    return { version: 4, value: IPV4_MAPPED_PREFIX | ipv4Value(text) };
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
  const hostBits = (1n << BigInt(BITS[address.version] - prefix)) - 1n;
  const first = address.value & ~hostBits;
  return { version: address.version, first, last: first | hostBits };
}

/** The addresses among `texts`; any other text is left out. */
export function parseIpAddresses(texts: readonly string[]): IpAddress[] {
  return texts.map(parseIpAddress).filter((address) => address !== undefined);
}

/** The subnets among `texts`; any other text is left out. */
export function parseSubnets(texts: readonly string[]): Subnet[] {
  return texts.map(parseSubnet).filter((subnet) => subnet !== undefined);
}

/** Compares bigints only, so a check allocates nothing: evaluations run clients × rules times. */
export function subnetContains(subnet: Subnet, address: IpAddress, families: FamilyMatching = 'separate'): boolean {
  return (families === 'ipv4-mapped' || subnet.version === address.version) && address.value >= subnet.first && address.value <= subnet.last;
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
