import { Module } from '@nestjs/common';
import { manifestLocation } from '@sdp/contracts';
import { ContentStore, SOURCE_STORE } from '@sdp/storage';
import { createHash } from 'node:crypto';
import { parseManifest, VersionManifest } from '../manifest';

/** How long a manifest read ahead for jobs about to start is kept when no job of this replica takes it up. */
const READ_AHEAD_HOLD_MS = 30_000;
/** Manifests held that way at most at a time: a burst of published versions reads no more than this ahead. */
const MAX_READ_AHEAD = 16;

/** A version's manifest in the source store, parsed, and as a DP receives it. */
export interface SourceManifest {
  manifest: VersionManifest;
  /** The document the catalog wrote, unchanged (extra fields kept), as JSON: the version's manifest on a DP (see installVersion). */
  dpBytes: Buffer;
  /** Hex MD5 of `dpBytes`: S3's ETag of those bytes written in one PUT. */
  dpBytesMd5: string;
}

/** One job's use of a shared source manifest. */
export interface SourceManifestUse {
  read: Promise<SourceManifest>;
  /** The job is done with it; calling it more than once has no further effect. */
  release(): void;
}

/**
 * The source manifests of the versions this replica installs right now, each read and parsed once
 * however many jobs use it at the same time: a new version goes to every DP of its package at once,
 * and each DP's job needs the same manifest (and its installed version's, see delta.ts). A
 * published version's manifest never changes, so sharing it is safe. It is kept while a job uses
 * it and dropped when the last one releases it, or at once when the read failed (the next attempt
 * reads it again). `readAhead` starts a read before any job asks (when a version is published).
 */
export class SourceManifests {
  private readonly shared = new Map<string, { read: Promise<SourceManifest>; users: number }>();
  private readingAhead = 0;

  constructor(private readonly source: Pick<ContentStore, 'getJson'>) {}

  use(packageId: string, version: number): SourceManifestUse {
    const key = `${packageId}/${version}`;
    let entry = this.shared.get(key);
    if (entry === undefined) {
      const created = { read: this.readManifest(packageId, version), users: 0 };
      created.read.catch(() => {
        if (this.shared.get(key) === created) this.shared.delete(key);
      });
      this.shared.set(key, created);
      entry = created;
    }
    const used = entry;
    used.users += 1;
    let released = false;
    return {
      read: used.read,
      release: () => {
        if (released) return;
        released = true;
        used.users -= 1;
        if (used.users === 0 && this.shared.get(key) === used) this.shared.delete(key);
      },
    };
  }

  /**
   * Starts reading a manifest jobs will ask for in a moment, so their wait for the read overlaps
   * what comes before them (the event's transaction, the claim). Kept for `READ_AHEAD_HOLD_MS`
   * (a job that starts meanwhile shares it as usual), at most `MAX_READ_AHEAD` at a time; beyond
   * that the jobs read it themselves. A failed read is dropped like any other.
   */
  readAhead(packageId: string, version: number, holdMs = READ_AHEAD_HOLD_MS): void {
    if (this.readingAhead >= MAX_READ_AHEAD) return;
    this.readingAhead += 1;
    const use = this.use(packageId, version);
    use.read.catch(() => undefined);
    setTimeout(() => {
      this.readingAhead -= 1;
      use.release();
    }, holdMs).unref();
  }

  /** Versions whose manifest is held for a job now (for tests). */
  get size(): number {
    return this.shared.size;
  }

  private async readManifest(packageId: string, version: number): Promise<SourceManifest> {
    const document = await this.source.getJson(manifestLocation(packageId, version));
    const manifest = parseManifest(document, packageId, version);
    const dpBytes = Buffer.from(JSON.stringify(document), 'utf8');
    return { manifest, dpBytes, dpBytesMd5: createHash('md5').update(dpBytes).digest('hex') };
  }
}

/** One `SourceManifests` per replica, shared by its workers and the event handler that reads ahead for them. */
@Module({
  providers: [{ provide: SourceManifests, inject: [SOURCE_STORE], useFactory: (source: ContentStore) => new SourceManifests(source) }],
  exports: [SourceManifests],
})
export class SourceManifestsModule {}
