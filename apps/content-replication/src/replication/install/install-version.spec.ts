import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { manifestLocation } from '@sdp/contracts';
import { ContentStore, ObjectNotFoundError, PutVerifiedOptions } from '@sdp/storage';
import { ReleaseSlot } from '../transfer-slots/transfer-slots';
import { JobContext } from '../worker/job-context';
import { dpManifestKey } from '../manifest';
import { installVersion } from './install-version';
import { SourceManifests } from './source-manifests';

const PACKAGE = 'ZZ900002';
const bytesOf = (index: number): Buffer => Buffer.from(`object ${index}`);
const hashOf = (index: number): string => createHash('sha256').update(bytesOf(index)).digest('hex');

/** Version `version`'s manifest naming objects `indexes`. */
const manifestOf = (version: number, indexes: number[]) => ({
  packageId: PACKAGE,
  version,
  files: indexes.map((index) => ({ path: `f${index}`, size: bytesOf(index).length, sha256: hashOf(index) })),
});

/** A source holding objects 0..count-1 and the manifest of version 1 naming them all (and of other versions, when given). */
function source(count: number, versions: Record<number, number[]> = {}) {
  const manifests = new Map(Object.entries({ 1: Array.from({ length: count }, (_, index) => index), ...versions }).map(([version, indexes]) => [manifestLocation(PACKAGE, Number(version)), manifestOf(Number(version), indexes)]));
  return {
    getJson: async (key: string) => {
      const found = manifests.get(key);
      if (found === undefined) throw new Error(`unexpected read of ${key}`);
      return found;
    },
    getStream: async (key: string) => {
      const index = Array.from({ length: 100 }, (_, candidate) => candidate).findIndex((candidate) => key.endsWith(hashOf(candidate)));
      return Readable.from([bytesOf(index)]);
    },
  };
}

/** A DP holding the objects given (and manifests, as bytes), recording what it is asked and what it receives. */
function dp(holding: number[], manifests: Record<string, Buffer> = {}) {
  const held = new Set(holding.map(hashOf));
  const store = {
    asked: [] as string[],
    received: [] as { sha256: string; knownAbsent?: boolean }[],
    written: [] as string[],
    manifests: { ...manifests },
    stat: async (key: string) => {
      const bytes = store.manifests[key];
      if (bytes === undefined) throw new ObjectNotFoundError('dp', key);
      return { key, size: bytes.length, etag: createHash('md5').update(bytes).digest('hex'), lastModified: new Date(0) };
    },
    getBytes: async (key: string) => store.manifests[key],
    exists: async (sha256: string) => {
      store.asked.push(sha256);
      return held.has(sha256);
    },
    putVerified: async (body: () => Promise<Readable>, sha256: string, options: PutVerifiedOptions) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await body()) chunks.push(chunk as Buffer);
      store.received.push({ sha256, knownAbsent: options.knownAbsent });
      held.add(sha256);
      return { sha256, size: Buffer.concat(chunks).length, alreadyPresent: false };
    },
    putBytes: async (key: string, bytes: Buffer) => {
      store.written.push(key);
      store.manifests[key] = bytes;
    },
  };
  return store;
}

/** Transfer slots granted only when the test says so. */
function slots() {
  const pending: (() => void)[] = [];
  const control = {
    granted: 0,
    /** The counts the install announced ahead of its lookups. */
    prepared: [] as number[],
    acquire: (): Promise<ReleaseSlot> =>
      new Promise((resolve) =>
        pending.push(() => {
          control.granted++;
          resolve(() => undefined);
        }),
      ),
    waiting: () => pending.length,
    grantAll: () => {
      while (pending.length > 0) (pending.shift() as () => void)();
    },
  };
  return control;
}

function context(
  target: ReturnType<typeof dp>,
  count: number,
  transferSlots: ReturnType<typeof slots>,
  maxConcurrentTransfers: number,
  versions: Record<number, number[]> = {},
): JobContext {
  const manifests = new SourceManifests(source(count, versions));
  return {
    packageId: PACKAGE,
    source: source(count, versions) as unknown as ContentStore,
    target: target as unknown as ContentStore,
    maxConcurrentTransfers,
    rateLimitBytesPerSec: null,
    signal: new AbortController().signal,
    reportProgress: () => undefined,
    acquireTransferSlot: () => transferSlots.acquire(),
    prepareTransferSlots: (count) => transferSlots.prepared.push(count),
    sourceManifest: (version) => manifests.use(PACKAGE, version).read,
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('installVersion', () => {
  it('asks the DP about each object, copies only those it lacks, each under a transfer slot, then writes the manifest', async () => {
    const target = dp([1, 3]);
    const transferSlots = slots();
    const installing = installVersion(context(target, 5, transferSlots, 2), 1, undefined, async () => undefined);
    await until(() => transferSlots.waiting() === 3);
    transferSlots.grantAll();
    const progress = await installing;

    expect(new Set(target.asked)).toEqual(new Set([0, 1, 2, 3, 4].map(hashOf)));
    expect(target.received).toEqual(expect.arrayContaining([0, 2, 4].map((index) => ({ sha256: hashOf(index), knownAbsent: true }))));
    expect(target.received).toHaveLength(3);
    expect(transferSlots.granted).toBe(3);
    expect(transferSlots.prepared).toEqual([5]);
    expect(progress).toMatchObject({ objectsCopied: 3, filesDone: 5, filesTotal: 5 });
    expect(target.written).toEqual([dpManifestKey(PACKAGE, 1)]);
    expect(JSON.parse(target.manifests[dpManifestKey(PACKAGE, 1)].toString())).toEqual(manifestOf(1, [0, 1, 2, 3, 4]));
  });

  it('takes the objects of the trusted version as held while the DP has its manifest as written, and asks about the others', async () => {
    // The DP holds version 1 (objects 0..3) whole, as its install wrote it; version 2 has 0..5.
    const target = dp([0, 1, 2, 3], { [dpManifestKey(PACKAGE, 1)]: Buffer.from(JSON.stringify(manifestOf(1, [0, 1, 2, 3]))) });
    const transferSlots = slots();
    const installing = installVersion(context(target, 4, transferSlots, 2, { 2: [0, 1, 2, 3, 4, 5] }), 2, 1, async () => undefined);
    await until(() => transferSlots.waiting() === 2);
    transferSlots.grantAll();
    const progress = await installing;

    expect(target.asked).toEqual(expect.arrayContaining([4, 5].map(hashOf)));
    expect(target.asked).toHaveLength(2);
    expect(transferSlots.prepared).toEqual([2]);
    expect(progress).toMatchObject({ objectsCopied: 2, filesDone: 6, filesTotal: 6 });
  });

  it.each([
    ['missing', {}],
    ['not as written', { [dpManifestKey(PACKAGE, 1)]: Buffer.from(JSON.stringify(manifestOf(1, [0, 1, 2, 3])).replace(hashOf(3), hashOf(9))) }],
  ])('asks about every object when the trusted version\'s manifest on the DP is %s', async (_label, manifests) => {
    const target = dp([0, 1, 2], manifests);
    const transferSlots = slots();
    const installing = installVersion(context(target, 4, transferSlots, 2, { 2: [0, 1, 2, 3, 4, 5] }), 2, 1, async () => undefined);
    await until(() => transferSlots.waiting() === 2);
    transferSlots.grantAll();
    await until(() => transferSlots.waiting() === 1);
    transferSlots.grantAll();
    const progress = await installing;

    expect(new Set(target.asked)).toEqual(new Set([0, 1, 2, 3, 4, 5].map(hashOf)));
    expect(target.received.map((object) => object.sha256).sort()).toEqual([3, 4, 5].map(hashOf).sort());
    expect(progress).toMatchObject({ objectsCopied: 3, filesDone: 6 });
  });

  it('looks objects up without a transfer slot, ahead of the copies waiting for one', async () => {
    const target = dp([]);
    const transferSlots = slots();
    // One slot, so four lookups in flight: all four are asked before the first copy may start.
    const installing = installVersion(context(target, 6, transferSlots, 1), 1, undefined, async () => undefined);
    await until(() => transferSlots.waiting() === 4);
    expect(target.asked).toHaveLength(4);
    expect(target.received).toHaveLength(0);

    for (let round = 0; round < 6 && target.received.length < 6; round++) {
      await until(() => transferSlots.waiting() > 0);
      transferSlots.grantAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await installing;
    expect(target.received).toHaveLength(6);
  });
});
