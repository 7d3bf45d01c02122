import { ObjectNotFoundError } from '@sdp/storage';
import { objectsKnownOnDp, trustedVersion } from './delta';

const PACKAGE = 'ZZ900001';
const hash = (index: number): string => index.toString(16).padStart(64, '0');
const manifest = (version: number, ...indexes: number[]) => ({
  packageId: PACKAGE,
  version,
  files: indexes.map((index) => ({ path: `f${index}`, size: 1, sha256: hash(index) })),
});

/** A DP holding the given documents, counting what it is asked. */
function dp(documents: Record<string, unknown> = {}) {
  const store = {
    reads: [] as string[],
    getJson: async (key: string) => {
      store.reads.push(key);
      if (!(key in documents)) throw new ObjectNotFoundError('dp', key);
      const document = documents[key];
      if (document instanceof Error) throw document;
      return document;
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

describe('objectsKnownOnDp', () => {
  it('is what the trusted version\'s manifest on the DP names, read once', async () => {
    const store = dp({ [`packages/${PACKAGE}/1/manifest.json`]: manifest(1, 1, 2, 3) });

    expect(await objectsKnownOnDp(store, PACKAGE, 1)).toEqual(new Set([hash(1), hash(2), hash(3)]));
    expect(store.reads).toEqual([`packages/${PACKAGE}/1/manifest.json`]);
  });

  it('is nothing, without reading the DP, when no version is trusted', async () => {
    const store = dp({ [`packages/${PACKAGE}/1/manifest.json`]: manifest(1, 1) });

    expect(await objectsKnownOnDp(store, PACKAGE, undefined)).toEqual(new Set());
    expect(store.reads).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['not JSON', { [`packages/${PACKAGE}/1/manifest.json`]: new SyntaxError('Unexpected token') }],
    ['of another version', { [`packages/${PACKAGE}/1/manifest.json`]: manifest(2, 1, 2) }],
    ['malformed', { [`packages/${PACKAGE}/1/manifest.json`]: { packageId: PACKAGE, version: 1, files: [{ path: 'x' }] } }],
  ])('is nothing when the trusted manifest on the DP is %s', async (_label, documents) => {
    expect(await objectsKnownOnDp(dp(documents), PACKAGE, 1)).toEqual(new Set());
  });

  it('fails when the DP cannot be read, rather than copying blindly', async () => {
    const store = dp({ [`packages/${PACKAGE}/1/manifest.json`]: new Error('connect ECONNREFUSED') });

    await expect(objectsKnownOnDp(store, PACKAGE, 1)).rejects.toThrow('ECONNREFUSED');
  });
});
