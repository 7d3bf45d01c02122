import { manifestLocation } from '@sdp/contracts';
import { ContentStore } from '@sdp/storage';
import { parseManifest, VersionManifest } from '../manifest';

/** A version's manifest in the source store: the document as the catalog wrote it, and parsed. */
export interface SourceManifest {
  document: unknown;
  manifest: VersionManifest;
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
 * and each DP's job needs the same manifest. A published version's manifest never changes, so
 * sharing it is safe. It is kept while a job uses it and dropped when the last one releases it, or
 * at once when the read failed (the next attempt reads it again).
 */
export class SourceManifests {
  private readonly shared = new Map<string, { read: Promise<SourceManifest>; users: number }>();

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

  /** Versions whose manifest is held for a job now (for tests). */
  get size(): number {
    return this.shared.size;
  }

  private async readManifest(packageId: string, version: number): Promise<SourceManifest> {
    const document = await this.source.getJson(manifestLocation(packageId, version));
    return { document, manifest: parseManifest(document, packageId, version) };
  }
}
