import { FamilyMatching, parseIpAddress, parseIpAddresses, parseSubnet, parseSubnets, subnetContains } from './subnet';

function inSubnet(address: string, subnet: string, families?: FamilyMatching): boolean {
  return subnetContains(parseSubnet(subnet)!, parseIpAddress(address)!, families);
}

describe('IP subnets', () => {
  it('matches IPv4 addresses inside the prefix only', () => {
    expect(inSubnet('10.1.4.42', '10.1.0.0/16')).toBe(true);
    expect(inSubnet('10.2.4.42', '10.1.0.0/16')).toBe(false);
    expect(inSubnet('10.1.4.42', '10.1.4.42/32')).toBe(true);
    expect(inSubnet('192.168.1.1', '0.0.0.0/0')).toBe(true);
  });

  it('ignores host bits in the subnet', () => {
    expect(inSubnet('10.1.200.1', '10.1.4.42/16')).toBe(true);
  });

  it('matches IPv6, including compressed and embedded IPv4 forms', () => {
    expect(inSubnet('fe80::1c2d:3e4f:5a6b:7c8d', 'fe80::/10')).toBe(true);
    expect(inSubnet('2001:db8::1', 'fe80::/10')).toBe(false);
    expect(inSubnet('::ffff:10.1.2.3', '::ffff:10.1.0.0/112')).toBe(true);
    expect(inSubnet('2001:db8:0:0:0:0:0:1', '2001:db8::/32')).toBe(true);
  });

  it('never matches across address families', () => {
    expect(inSubnet('10.1.4.42', '::/0')).toBe(false);
    expect(inSubnet('::ffff:10.1.4.42', '10.1.0.0/16')).toBe(false);
  });

  it('takes an IPv4 address and its IPv4-mapped IPv6 form as one host when asked to', () => {
    expect(inSubnet('::ffff:10.1.4.42', '10.1.0.0/16', 'ipv4-mapped')).toBe(true);
    expect(inSubnet('::ffff:10.2.4.42', '10.1.0.0/16', 'ipv4-mapped')).toBe(false);
    expect(inSubnet('10.1.4.42', '::ffff:10.1.0.0/112', 'ipv4-mapped')).toBe(true);
    expect(inSubnet('10.1.4.42', '::/0', 'ipv4-mapped')).toBe(true);
    expect(inSubnet('10.1.4.42', 'fd00::/8', 'ipv4-mapped')).toBe(false);
    expect(inSubnet('::10.1.4.42', '10.1.0.0/16', 'ipv4-mapped')).toBe(false);
    expect(inSubnet('fd00::1', '0.0.0.0/0', 'ipv4-mapped')).toBe(false);
  });

  it('rejects malformed subnets and addresses', () => {
    for (const bad of ['10.1.0.0', '10.1.0.0/33', '10.1.0/16', 'x/8', '10.1.0.0/-1', '::/129', '10.1.0.0/1a']) {
      expect(parseSubnet(bad)).toBeUndefined();
    }
    expect(parseIpAddress('256.1.1.1')).toBeUndefined();
    expect(parseIpAddress('not an address')).toBeUndefined();
  });

  it('leaves malformed texts out of a list', () => {
    expect(parseSubnets(['10.1.0.0/16', '10.1.0.0/33', 'x/8'])).toEqual([parseSubnet('10.1.0.0/16')]);
    expect(parseIpAddresses(['fd00::1', '10.1.2', ''])).toEqual([parseIpAddress('fd00::1')]);
  });
});
