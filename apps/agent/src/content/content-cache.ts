import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';
import { CacheEntry, planEviction } from './cache-eviction';
import { CacheTooSmallError } from './content-errors';

export interface CachedVersion extends CacheEntry {
  packageId: string;
  version: number;
  /** Where each object sits in the rebuilt folder, so a later version can copy instead of downloading. */
  objects: Record<string, string>;
}

interface CacheIndex {
  entries: CachedVersion[];
}

/**
 * The client cache: one rebuilt folder per package version (`packages/<id>/<version>`), an
 * index of sizes and last use, and `staging/` holding objects verified for a version still
 * being assembled, which is what lets an interrupted download resume.
 */
export class ContentCache {
  private constructor(
    readonly root: string,
    private readonly limitBytes: number,
    private readonly index: CacheIndex,
  ) {}

  static async open(root: string, limitBytes: number): Promise<ContentCache> {
    await mkdir(join(root, 'staging'), { recursive: true });
    const index = (await readJsonFile<CacheIndex>(join(root, 'index.json'))) ?? { entries: [] };
    return new ContentCache(root, limitBytes, index);
  }

  folderOf(packageId: string, version: number): string {
    return join(this.root, 'packages', packageId, String(version));
  }

  stagingPath(sha256: string): string {
    return join(this.root, 'staging', sha256);
  }

  /** The folder of a version already complete in the cache (marked used now), or undefined. */
  async lookup(packageId: string, version: number, now: Date): Promise<string | undefined> {
    const entry = this.entry(packageId, version);
    if (!entry) {
      return undefined;
    }
    const folder = this.folderOf(packageId, version);
    if (!(await exists(folder))) {
      await this.remove(entry.key);
      return undefined;
    }
    entry.lastUsedAt = now.getTime();
    await this.save();
    return folder;
  }

  /** Whether a version is complete in the cache (what `lookup` would find), without marking it used. */
  async holds(packageId: string, version: number): Promise<boolean> {
    return this.entry(packageId, version) !== undefined && (await exists(this.folderOf(packageId, version)));
  }

  /** Bytes `makeRoom` could free: versions neither persisted nor in `inUse`. */
  reclaimableBytes(inUse: ReadonlySet<string>): number {
    return this.index.entries.filter((entry) => !entry.persist && !inUse.has(entry.key)).reduce((total, entry) => total + entry.sizeBytes, 0);
  }

  /** Makes room for `sizeBytes` more by dropping least recently used versions, or throws CacheTooSmallError. */
  async makeRoom(sizeBytes: number, inUse: ReadonlySet<string>): Promise<string[]> {
    const plan = planEviction(this.index.entries, sizeBytes, this.limitBytes, inUse);
    if (!plan.fits) {
      throw new CacheTooSmallError(sizeBytes, this.limitBytes, plan.reason === 'larger-than-cache' ? 'package larger than the cache' : 'persisted content fills the cache');
    }
    for (const key of plan.evict) {
      await this.remove(key);
    }
    return plan.evict;
  }

  /** A cached file with these bytes, to copy (and re-verify) instead of downloading. */
  async findObject(sha256: string): Promise<string | undefined> {
    for (const entry of this.index.entries) {
      const path = entry.objects[sha256];
      if (path !== undefined) {
        const candidate = join(this.folderOf(entry.packageId, entry.version), ...path.split('/'));
        if (await exists(candidate)) return candidate;
      }
    }
    return undefined;
  }

  async add(entry: Omit<CachedVersion, 'key'>): Promise<void> {
    const key = cacheKey(entry.packageId, entry.version);
    this.index.entries = this.index.entries.filter((known) => known.key !== key);
    this.index.entries.push({ ...entry, key });
    await this.save();
  }

  usedBytes(): number {
    return this.index.entries.reduce((total, entry) => total + entry.sizeBytes, 0);
  }

  entries(): readonly CachedVersion[] {
    return this.index.entries;
  }

  private entry(packageId: string, version: number): CachedVersion | undefined {
    return this.index.entries.find((entry) => entry.key === cacheKey(packageId, version));
  }

  private async remove(key: string): Promise<void> {
    const entry = this.index.entries.find((known) => known.key === key);
    this.index.entries = this.index.entries.filter((known) => known.key !== key);
    await this.save();
    if (entry) {
      await rm(this.folderOf(entry.packageId, entry.version), { recursive: true, force: true });
    }
  }

  private save(): Promise<void> {
    return writeJsonAtomic(join(this.root, 'index.json'), this.index);
  }
}

export function cacheKey(packageId: string, version: number): string {
  return `${packageId}/${version}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
