import { manifestLocation } from '@sdp/contracts';
import { casKey, ContentStore } from '@sdp/storage';
import { manifestObjects, parseManifest } from '../manifest';

export interface VersionRef {
  packageId: string;
  version: number;
}

export interface ReleaseRequest {
  packageId: string;
  /** Versions of the package to take off the DP; undefined = every version found there. */
  versions?: readonly number[];
  /**
   * Versions being installed on this DP right now: their objects may already be there without
   * a manifest yet, and must stay.
   */
  inFlight: readonly VersionRef[];
}

const MANIFEST_KEY = /^packages\/([^/]+)\/([1-9][0-9]*)\/manifest\.json$/;

/**
 * Takes package versions off a DP: deletes every object of theirs that no other version on the
 * DP (committed, or in flight) references, then their manifests. Objects go first so a failure
 * midway leaves the manifest to find them again on retry; clients are no longer sent here by
 * then, because the row left INSTALLED before this runs. Returns how many objects it deleted.
 */
export async function releaseVersions(target: ContentStore, source: ContentStore, request: ReleaseRequest): Promise<number> {
  const droppedManifests = new Map<string, string[]>();
  const referenced = new Set<string>();
  for await (const key of target.listKeys('packages/')) {
    const match = MANIFEST_KEY.exec(key);
    if (!match) continue;
    const [packageId, version] = [match[1], Number(match[2])];
    const objects = manifestObjects(parseManifest(await target.getJson(key), packageId, version)).map((object) => object.sha256);
    const isDropped = packageId === request.packageId && (request.versions === undefined || request.versions.includes(version));
    if (isDropped) droppedManifests.set(key, objects);
    else objects.forEach((sha256) => referenced.add(sha256));
  }
  for (const ref of request.inFlight) {
    const manifest = parseManifest(await source.getJson(manifestLocation(ref.packageId, ref.version)), ref.packageId, ref.version);
    manifestObjects(manifest).forEach((object) => referenced.add(object.sha256));
  }
  const unreferenced = new Set([...droppedManifests.values()].flat().filter((sha256) => !referenced.has(sha256)));
  for (const sha256 of unreferenced) await target.delete(casKey(sha256));
  for (const key of droppedManifests.keys()) await target.delete(key);
  return unreferenced.size;
}
