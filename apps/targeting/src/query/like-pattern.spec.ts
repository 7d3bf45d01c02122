import { compileLikePattern } from './like-pattern';

function like(value: string, pattern: string): boolean {
  return compileLikePattern(pattern)(value);
}

describe('LIKE patterns', () => {
  it('matches % as any run and _ as one character', () => {
    expect(like('ws-berlin-042', 'ws-%')).toBe(true);
    expect(like('ws-berlin-042', '%berlin%')).toBe(true);
    expect(like('ws-berlin-042', 'ws-berlin-04_')).toBe(true);
    expect(like('ws-berlin-042', 'ws-berlin-4_')).toBe(false);
    expect(like('', '%')).toBe(true);
    expect(like('', '_')).toBe(false);
    expect(like('abc', 'abc')).toBe(true);
    expect(like('abcd', 'abc')).toBe(false);
  });

  it('is case-insensitive', () => {
    expect(like('WS-Berlin', 'ws-b%')).toBe(true);
  });

  it('treats regular expression characters literally and honours backslash escapes', () => {
    expect(like('a.c', 'a.c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
    expect(like('100%', '100\\%')).toBe(true);
    expect(like('1000', '100\\%')).toBe(false);
    expect(like('a_b', 'a\\_b')).toBe(true);
    expect(like('axb', 'a\\_b')).toBe(false);
    expect(like('(x)+', '(x)+')).toBe(true);
  });

  it('backtracks across several % correctly', () => {
    expect(like('aXbXc', '%b%c')).toBe(true);
    expect(like('abcabd', '%abd')).toBe(true);
    expect(like('mississippi', 'm%ss%pi')).toBe(true);
    expect(like('mississippi', 'm%ss%px')).toBe(false);
  });

  it('stays fast on patterns that make regular expressions backtrack exponentially', () => {
    const value = 'a'.repeat(5000);
    expect(like(value, '%a%a%a%a%a%a%a%a%b')).toBe(false);
  });
});
