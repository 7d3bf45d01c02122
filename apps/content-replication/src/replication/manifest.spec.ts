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

  it('names the DP commit mark by package and version', () => {
    expect(dpManifestKey('S0100001', 3)).toBe('packages/S0100001/3/manifest.json');
  });
});
