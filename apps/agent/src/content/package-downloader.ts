import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ContentLocation } from '../api/service-client';
import { ContentCache } from './content-cache';
import { ContentUnavailableError, HashMismatchError } from './content-errors';
import { distinctObjects, PackageManifest, parseDpManifest } from './dp-manifest';
import { resolveInside } from './path-safety';
import { copyVerified, downloadBytes, downloadVerified } from './verified-download';

export interface ContentRequest {
  packageId: string;
  version: number;
  /** From the policy: checked before any download so a hopeless one never starts. */
  sizeBytes: number;
  persistInCache: boolean;
  manifestDigest: string | null;
  /** Cache keys of the other packages of the chain being run: never evicted for this one. */
  inUse: ReadonlySet<string>;
}

export interface DownloadEvents {
  /** Bytes from this DP did not match: never used; the next DP is tried. */
  mismatch(distributionPoint: string, error: HashMismatchError): void | Promise<void>;
  locationFailed(distributionPoint: string, error: Error): void | Promise<void>;
  downloading(distributionPoint: string, objectCount: number): void | Promise<void>;
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const PARALLEL_OBJECTS = 4;

/**
 * The package folder for a version: from the cache, or assembled from the first DP whose
 * content verifies. Objects verified earlier (from any DP, or in another cached version) are
 * not fetched again; unverified bytes never reach the folder.
 */
export class PackageDownloader {
  constructor(private readonly cache: ContentCache) {}

  async obtain(request: ContentRequest, locations: readonly ContentLocation[], events: DownloadEvents, now = new Date()): Promise<string> {
    const cached = await this.cache.lookup(request.packageId, request.version, now);
    if (cached) {
      return cached;
    }
    await this.cache.makeRoom(request.sizeBytes, request.inUse);
    const problems: string[] = [];
    for (const location of locations) {
      try {
        return await this.fromLocation(request, location, events, now);
      } catch (error) {
        if (error instanceof HashMismatchError) {
          await events.mismatch(location.distributionPoint, error);
        } else {
          await events.locationFailed(location.distributionPoint, error as Error);
        }
        problems.push(`${location.distributionPoint}: ${(error as Error).message}`);
      }
    }
    throw new ContentUnavailableError(
      locations.length === 0 ? 'no distribution point offers the content' : `no distribution point delivered verified content (${problems.join('; ')})`,
    );
  }

  private async fromLocation(request: ContentRequest, location: ContentLocation, events: DownloadEvents, now: Date): Promise<string> {
    const source = `distribution point ${location.distributionPoint}`;
    const manifest = parseDpManifest(
      await downloadBytes(location.manifestUrl, MAX_MANIFEST_BYTES),
      { packageId: request.packageId, version: request.version, digest: request.manifestDigest },
      source,
    );
    const objects = distinctObjects(manifest);
    const totalBytes = manifest.files.reduce((total, file) => total + file.size, 0);
    if (totalBytes > request.sizeBytes) {
      await this.cache.makeRoom(totalBytes, request.inUse);
    }
    const urls = new Map(location.objects.map((object) => [object.sha256, object.url]));
    const missing = [...objects.keys()].filter((sha256) => !urls.has(sha256));
    if (missing.length > 0) {
      throw new Error(`${source} offers no URL for ${missing.length} object(s) of the manifest`);
    }
    await events.downloading(location.distributionPoint, objects.size);
    await runLimited([...objects.entries()], PARALLEL_OBJECTS, async ([sha256, size]) => {
      await this.stage(sha256, size, urls.get(sha256)!, source);
    });
    const folder = await this.build(manifest);
    await this.cache.add({
      packageId: request.packageId,
      version: request.version,
      sizeBytes: totalBytes,
      persist: request.persistInCache,
      lastUsedAt: now.getTime(),
      objects: Object.fromEntries(manifest.files.map((file) => [file.sha256, file.path])),
    });
    await Promise.all([...objects.keys()].map((sha256) => rm(this.cache.stagingPath(sha256), { force: true })));
    return folder;
  }

  /** Puts a verified copy of one object in staging: already there, copied from the cache, or downloaded. */
  private async stage(sha256: string, size: number, url: string, source: string): Promise<void> {
    const target = this.cache.stagingPath(sha256);
    if (await isFile(target)) {
      return;
    }
    const local = await this.cache.findObject(sha256);
    if (local) {
      try {
        await copyVerified(local, target, { sha256, size }, `cached copy of ${sha256}`);
        return;
      } catch {
        // The cached file was changed since (a program may write into its folder): download it instead.
      }
    }
    await downloadVerified(url, target, { sha256, size }, `object ${sha256} from ${source}`);
  }

  /** Rebuilds the folder beside its final place, then renames it in: a half-built folder is never used. */
  private async build(manifest: PackageManifest): Promise<string> {
    const folder = this.cache.folderOf(manifest.packageId, manifest.version);
    const building = `${folder}.building-${process.pid}`;
    await rm(building, { recursive: true, force: true });
    await mkdir(building, { recursive: true });
    for (const file of manifest.files) {
      const target = resolveInside(building, file.path);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(this.cache.stagingPath(file.sha256), target);
      if (file.mode !== null && process.platform !== 'win32') {
        await chmod(target, file.mode & 0o777);
      }
    }
    await rm(folder, { recursive: true, force: true });
    await rename(building, folder);
    return folder;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++];
      await work(item).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) {
    throw failures[0];
  }
}
