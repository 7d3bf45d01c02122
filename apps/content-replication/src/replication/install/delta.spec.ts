import { ObjectNotFoundError } from '@sdp/storage';
import { objectsOnDp, trustedVersion } from './delta';

const PACKAGE = 'ZZ900001';
const hash = (index: number): string => index.toString(16).padStart(64, '0');
const objects = (...indexes: number[]) => indexes.map((index) => ({ sha256: hash(index), size: 1, fileCount: 1 }));
const manifest = (version: number, ...indexes: number[]) => ({
  packageId: PACKAGE,
  version,
  files: indexes.map((index) => ({ path: `f${index}`, size: 1, sha256: hash(index) })),
});

/** A DP holding `held` objects and the given documents, counting what it is asked. */
function dp(held: number[], documents: Record<string, unknown> = {}) {
  const store = {
    heads: [] as string[],
    reads: [] as string[],
    inFlight: 0,
    mostInFlight: 0,
    exists: async (sha256: string) => {
      store.heads.push(sha256);
      store.inFlight++;
      store.mostInFlight = Math.max(store.mostInFlight, store.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      store.inFlight--;
      return held.map(hash).includes(sha256);
    },
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

describe('objectsOnDp', () => {
  it('takes what the trusted manifest names as there and asks the DP only about the rest', async () => {
    const store = dp([1, 2, 5], { [`packages/${PACKAGE}/1/manifest.json`]: manifest(1, 1, 2, 3) });

    const onDp = await objectsOnDp(store, PACKAGE, objects(1, 2, 4, 5), 1, 8);

    expect(onDp).toEqual(new Set([hash(1), hash(2), hash(5)]));
    expect(store.heads.sort()).toEqual([hash(4), hash(5)]);
    expect(store.reads).toEqual([`packages/${PACKAGE}/1/manifest.json`]);
  });

  it('asks the DP about every object when no version is trusted, at most `concurrency` at a time', async () => {
    const store = dp([2, 7]);

    const onDp = await objectsOnDp(store, PACKAGE, objects(...Array.from({ length: 20 }, (_, index) => index)), undefined, 3);

    expect(onDp).toEqual(new Set([hash(2), hash(7)]));
    expect(store.heads).toHaveLength(20);
    expect(store.mostInFlight).toBe(3);
    expect(store.reads).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['not JSON', { [`packages/${PACKAGE}/1/manifest.json`]: new SyntaxError('Unexpected token') }],
    ['of another version', { [`packages/${PACKAGE}/1/manifest.json`]: manifest(2, 1, 2) }],
    ['malformed', { [`packages/${PACKAGE}/1/manifest.json`]: { packageId: PACKAGE, version: 1, files: [{ path: 'x' }] } }],
  ])('trusts nothing when the trusted manifest on the DP is %s', async (_label, documents) => {
    const store = dp([1], documents);

    const onDp = await objectsOnDp(store, PACKAGE, objects(1, 2), 1, 8);

    expect(onDp).toEqual(new Set([hash(1)]));
    expect(store.heads.sort()).toEqual([hash(1), hash(2)]);
  });

  it('fails when the DP cannot be read, rather than copying blindly', async () => {
    const store = dp([], { [`packages/${PACKAGE}/1/manifest.json`]: new Error('connect ECONNREFUSED') });

    await expect(objectsOnDp(store, PACKAGE, objects(1), 1, 8)).rejects.toThrow('ECONNREFUSED');
  });
});
