import { isPackageCursor, likePattern } from './package-cursor';

describe('likePattern', () => {
  it('matches the text anywhere, wildcards literally', () => {
    expect(likePattern('Contoso')).toBe('%Contoso%');
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('isPackageCursor', () => {
  it('accepts only an object with a string id', () => {
    expect(isPackageCursor({ id: 'S0100001' })).toBe(true);
    expect(isPackageCursor({ id: 1 })).toBe(false);
    expect(isPackageCursor(null)).toBe(false);
    expect(isPackageCursor('S0100001')).toBe(false);
  });
});
