import { createHash } from 'node:crypto';
import { manifestLocation } from '@sdp/contracts';
import { SourceManifests } from './source-manifests';

const PACKAGE = 'ZZ900003';
const SHA = 'a'.repeat(64);

/** A source counting its manifest reads, each answered when the test says so. */
function source(documents: Record<number, unknown>) {
  const pending: (() => void)[] = [];
  const store = {
    reads: 0,
    getJson: (key: string) => {
      store.reads++;
      const version = Number(Object.keys(documents).find((candidate) => manifestLocation(PACKAGE, Number(candidate)) === key));
      expect(version).toBeGreaterThan(0);
      return new Promise<unknown>((resolve) => pending.push(() => resolve(documents[version])));
    },
    answerAll: () => {
      while (pending.length > 0) (pending.shift() as () => void)();
    },
  };
  return store;
}

const manifestOf = (version: number) => ({ packageId: PACKAGE, version, files: [{ path: 'a', size: 1, sha256: SHA }] });

describe('SourceManifests', () => {
  it('reads a version once for the jobs using it at the same time, and again once all of them released it', async () => {
    const store = source({ 2: manifestOf(2) });
    const manifests = new SourceManifests(store);
    const first = manifests.use(PACKAGE, 2);
    const second = manifests.use(PACKAGE, 2);
    store.answerAll();
    const [a, b] = await Promise.all([first.read, second.read]);
    expect(store.reads).toBe(1);
    expect(a).toBe(b);
    expect(a.manifest.files[0].sha256).toBe(SHA);
    expect(a.dpBytes.toString()).toBe(JSON.stringify(manifestOf(2)));
    expect(a.dpBytesMd5).toBe(createHash('md5').update(a.dpBytes).digest('hex'));

    first.release();
    first.release();
    const third = manifests.use(PACKAGE, 2);
    expect(store.reads).toBe(1);
    second.release();
    third.release();
    expect(manifests.size).toBe(0);

    const later = manifests.use(PACKAGE, 2);
    store.answerAll();
    await later.read;
    expect(store.reads).toBe(2);
    later.release();
  });

  it('keeps versions apart and drops a failed read at once, so the next job reads again', async () => {
    const store = source({ 3: { packageId: PACKAGE, version: 4, files: [] }, 4: manifestOf(4) });
    const manifests = new SourceManifests(store);
    const wrong = manifests.use(PACKAGE, 3);
    const other = manifests.use(PACKAGE, 4);
    store.answerAll();
    await expect(wrong.read).rejects.toThrow(/expected ZZ900003 version 3/);
    await expect(other.read).resolves.toMatchObject({ manifest: { version: 4 } });
    expect(manifests.size).toBe(1);

    const again = manifests.use(PACKAGE, 3);
    expect(store.reads).toBe(3);
    store.answerAll();
    await expect(again.read).rejects.toThrow();
    [wrong, other, again].forEach((use) => use.release());
    expect(manifests.size).toBe(0);
  });

  it('reads a version ahead for the jobs about to start, and keeps it for a while only', async () => {
    jest.useFakeTimers();
    try {
      const store = source({ 2: manifestOf(2) });
      const manifests = new SourceManifests(store);
      manifests.readAhead(PACKAGE, 2, 1000);
      expect(store.reads).toBe(1);
      store.answerAll();
      const job = manifests.use(PACKAGE, 2);
      await expect(job.read).resolves.toMatchObject({ manifest: { version: 2 } });
      expect(store.reads).toBe(1);
      job.release();
      expect(manifests.size).toBe(1);

      jest.advanceTimersByTime(1000);
      expect(manifests.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads at most 16 versions ahead at a time', () => {
    jest.useFakeTimers();
    try {
      const store = source(Object.fromEntries(Array.from({ length: 20 }, (_, index) => [index + 1, manifestOf(index + 1)])));
      const manifests = new SourceManifests(store);
      for (let version = 1; version <= 20; version++) manifests.readAhead(PACKAGE, version, 1000);
      expect(store.reads).toBe(16);
      jest.advanceTimersByTime(1000);
      manifests.readAhead(PACKAGE, 20, 1000);
      expect(store.reads).toBe(17);
      store.answerAll();
    } finally {
      jest.useRealTimers();
    }
  });
});
