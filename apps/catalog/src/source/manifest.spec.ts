import { createHash } from 'node:crypto';
import { buildManifest } from './manifest';

describe('buildManifest', () => {
  const files = [
    { path: 'b.txt', size: 2, sha256: 'b'.repeat(64), mode: 0o644 },
    { path: 'a/z.txt', size: 3, sha256: 'a'.repeat(64), mode: 0o755 },
    { path: 'B.txt', size: 5, sha256: 'c'.repeat(64), mode: 0o644 },
  ];

  it('sorts by path in code-unit order and totals the sizes', () => {
    const { document } = buildManifest('S0100001', 3, files);
    expect(document.files.map((file) => file.path)).toEqual(['B.txt', 'a/z.txt', 'b.txt']);
    expect(document).toMatchObject({ packageId: 'S0100001', version: 3, fileCount: 3, sizeBytes: 10 });
  });

  it('digests the exact bytes, the same whatever the input order', () => {
    const first = buildManifest('S0100001', 1, files);
    const second = buildManifest('S0100001', 1, [...files].reverse());
    expect(first.digest).toBe(createHash('sha256').update(first.bytes).digest('hex'));
    expect(second.digest).toBe(first.digest);
  });
});
