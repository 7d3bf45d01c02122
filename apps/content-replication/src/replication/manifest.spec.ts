import { dpManifestKey, manifestObjects, parseManifest } from './manifest';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

describe('manifest', () => {
  const manifest = {
    packageId: 'S0100001',
    version: 2,
    digest: 'x',
    files: [
      { path: 'setup.exe', size: 10, sha256: a, mode: 0o755 },
      { path: 'copy/setup.exe', size: 10, sha256: a, mode: 0o755 },
      { path: 'readme.txt', size: 3, sha256: b, mode: 0o644 },
    ],
  };

  it('keeps unknown fields and lists each content once', () => {
    const parsed = parseManifest(manifest, 'S0100001', 2);
    expect(parsed.digest).toBe('x');
    expect(manifestObjects(parsed)).toEqual([
      { sha256: a, size: 10, fileCount: 2 },
      { sha256: b, size: 3, fileCount: 1 },
    ]);
  });

  it('refuses a manifest of another package or version, and a malformed one', () => {
    expect(() => parseManifest(manifest, 'S0100002', 2)).toThrow('expected S0100002 version 2');
    expect(() => parseManifest({ ...manifest, files: [{ path: 'x', size: -1, sha256: a }] }, 'S0100001', 2)).toThrow('malformed');
  });

  it.each([
    [null, 'files[0] is not an object'],
    [[], 'files[0] is not an object'],
    [{ size: 1, sha256: a }, 'files[0].path must be a non-empty string'],
    [{ path: '', size: 1, sha256: a }, 'files[0].path must be a non-empty string'],
    [{ path: 'x', size: '1', sha256: a }, 'files[0].size must be an integer >= 0'],
    [{ path: 'x', size: 1.5, sha256: a }, 'files[0].size must be an integer >= 0'],
    [{ path: 'x', size: 1, sha256: a.toUpperCase() }, 'files[0].sha256 must be 64 lowercase hex digits'],
    [{ path: 'x', size: 1, sha256: a.slice(1) }, 'files[0].sha256 must be 64 lowercase hex digits'],
  ])('refuses the file entry %j, saying what is wrong', (file, problem) => {
    expect(() => parseManifest({ ...manifest, files: [file] }, 'S0100001', 2)).toThrow(`manifest of S0100001 version 2 is malformed: ${problem}`);
  });

  it('names the DP commit mark by package and version', () => {
    expect(dpManifestKey('S0100001', 3)).toBe('packages/S0100001/3/manifest.json');
  });
});
