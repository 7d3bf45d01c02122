import { createHash } from 'node:crypto';
import { ObjectNotFoundError } from '@sdp/storage';
import { dpHoldsManifest, trustedVersion } from './delta';
import { SourceManifest } from './source-manifests';

const PACKAGE = 'ZZ900001';
const KEY = `packages/${PACKAGE}/1/manifest.json`;
const hash = (index: number): string => index.toString(16).padStart(64, '0');
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/** Version 1's source manifest as `SourceManifests` gives it: its bytes are what an install wrote to the DP. */
function trusted(): SourceManifest {
  const manifest = { packageId: PACKAGE, version: 1, files: [1, 2, 3].map((index) => ({ path: `f${index}`, size: 1, sha256: hash(index) })) };
  const dpBytes = Buffer.from(JSON.stringify(manifest));
  return { manifest, dpBytes, dpBytesMd5: md5(dpBytes) };
}

/** A DP holding the given objects (bytes, with S3's ETag unless one is given, or an error), counting what it is asked. */
function dp(objects: Record<string, Buffer | { bytes: Buffer; etag: string } | Error> = {}) {
  const find = (key: string): { bytes: Buffer; etag: string } => {
    const found = objects[key];
    if (found === undefined) throw new ObjectNotFoundError('dp', key);
    if (found instanceof Error) throw found;
    return Buffer.isBuffer(found) ? { bytes: found, etag: md5(found) } : found;
  };
  const store = {
    asked: [] as string[],
    stat: async (key: string) => {
      store.asked.push(`HEAD ${key}`);
      const { bytes, etag } = find(key);
      return { key, size: bytes.length, etag, lastModified: new Date(0) };
    },
    getBytes: async (key: string) => {
      store.asked.push(`GET ${key}`);
      return find(key).bytes;
    },
  };
  return store;
}

describe('trustedVersion', () => {
  it('is the installed version when it is known whole and not the one being installed', () => {
    expect(trustedVersion({ installed_version: 3, installed_intact: true }, 4)).toBe(3);
  });

  it.each([
    ['nothing is installed', { installed_version: null, installed_intact: false }, 1],
    ['a validation found the installed version damaged', { installed_version: 3, installed_intact: false }, 4],
    ['the install repairs or refreshes the installed version', { installed_version: 3, installed_intact: true }, 3],
  ])('is none when %s', (_label, row, version) => {
    expect(trustedVersion(row, version)).toBeUndefined();
  });
});

describe('dpHoldsManifest', () => {
  it('is true when the DP has the manifest as it was written, by one HEAD', async () => {
    const store = dp({ [KEY]: trusted().dpBytes });

    expect(await dpHoldsManifest(store, PACKAGE, 1, trusted())).toBe(true);
    expect(store.asked).toEqual([`HEAD ${KEY}`]);
  });

  it('compares the bytes when the ETag is not their MD5 (an encrypted bucket)', async () => {
    const written = trusted().dpBytes;
    const same = dp({ [KEY]: { bytes: written, etag: 'f'.repeat(32) } });
    expect(await dpHoldsManifest(same, PACKAGE, 1, trusted())).toBe(true);
    expect(same.asked).toEqual([`HEAD ${KEY}`, `GET ${KEY}`]);

    const altered = Buffer.from(written);
    altered[altered.length - 2] ^= 1;
    expect(await dpHoldsManifest(dp({ [KEY]: { bytes: altered, etag: 'f'.repeat(32) } }), PACKAGE, 1, trusted())).toBe(false);
  });

  it.each([
    ['missing', {}],
    ['altered, with the same size', { [KEY]: Buffer.from(trusted().dpBytes.toString().replace(hash(2), hash(4))) }],
    ['of another size', { [KEY]: Buffer.from(JSON.stringify({ packageId: PACKAGE, version: 1, files: [] })) }],
  ])('is false when the manifest on the DP is %s', async (_label, objects) => {
    expect(await dpHoldsManifest(dp(objects), PACKAGE, 1, trusted())).toBe(false);
  });

  it('fails when the DP cannot be read, rather than copying blindly', async () => {
    await expect(dpHoldsManifest(dp({ [KEY]: new Error('connect ECONNREFUSED') }), PACKAGE, 1, trusted())).rejects.toThrow('ECONNREFUSED');
  });
});
