import { assertSha256Hex, casKey, isSha256Hex, sha256FromCasKey } from './cas-key';

const HASH = 'ab34' + 'e'.repeat(60);

describe('casKey', () => {
  it('fans a hash out by its first two byte pairs', () => {
    expect(casKey(HASH)).toBe(`cas/sha256/ab/34/${HASH}`);
  });

  it.each([
    ['upper case', HASH.toUpperCase()],
    ['too short', HASH.slice(1)],
    ['too long', HASH + '0'],
    ['path characters', '../' + HASH.slice(3)],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(isSha256Hex(value)).toBe(false);
    expect(() => casKey(value)).toThrow(TypeError);
    expect(() => assertSha256Hex(value)).toThrow(/not a lower-case hex sha256/);
  });

  it('reads the hash back from a key, and only from a consistent one', () => {
    expect(sha256FromCasKey(casKey(HASH))).toBe(HASH);
    expect(sha256FromCasKey(`cas/sha256/ab/35/${HASH}`)).toBeUndefined();
    expect(sha256FromCasKey(`manifests/p/1.json`)).toBeUndefined();
    expect(sha256FromCasKey(`${casKey(HASH)}/x`)).toBeUndefined();
  });
});
