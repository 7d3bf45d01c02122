import { formatSiteId } from './site-ids';

describe('formatSiteId', () => {
  it('pads to five upper-case hex digits after the site code', () => {
    expect(formatSiteId('S01', 1)).toBe('S0100001');
    expect(formatSiteId('S01', 0xabc)).toBe('S0100ABC');
    expect(formatSiteId('P02', 0xfffff)).toBe('P02FFFFF');
  });

  it.each([0, -1, 0x100000, 1.5])('refuses %s', (value) => {
    expect(() => formatSiteId('S01', value)).toThrow(RangeError);
  });
});
