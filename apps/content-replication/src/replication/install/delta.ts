import { ContentStore, ObjectNotFoundError } from '@sdp/storage';
import { dpManifestKey, ManifestObject, parseManifest } from '../manifest';
import { runPool } from '../worker/run-pool';

/** What an install knows of its row: the version the DP holds and whether it is known whole. */
export interface InstalledOnDp {
  installed_version: number | null;
  /** Its install committed and no validation has found it damaged since. */
  installed_intact: boolean;
}

/**
 * The version whose manifest on the DP an install of `version` takes as the list of objects the
 * DP holds: the installed one, if it is known whole. Never the version being installed itself,
 * so a repair (after a failed validation) or a refresh asks the DP about every object.
 */
export function trustedVersion(row: InstalledOnDp, version: number): number | undefined {
  return row.installed_intact && row.installed_version !== null && row.installed_version !== version ? row.installed_version : undefined;
}

/**
 * Delta replication: a DP keeps objects by content hash, so an install copies only the objects
 * the DP lacks, whichever version or package brought the others. This answers which of the
 * version's objects the DP has, at a cost that grows with the version and not with the DP: the
 * objects the trusted version's manifest on the DP names are taken as there (it was written after
 * each of them was copied and verified, and validation re-hashes them on schedule), and only the
 * rest are asked about, one HEAD each, `concurrency` at a time.
 */
export async function objectsOnDp(
  target: Pick<ContentStore, 'getJson' | 'exists'>,
  packageId: string,
  objects: readonly ManifestObject[],
  trusted: number | undefined,
  concurrency: number,
  signal?: AbortSignal,
): Promise<Set<string>> {
  const known = trusted === undefined ? new Set<string>() : await objectsInDpManifest(target, packageId, trusted);
  const onDp = new Set(objects.filter((object) => known.has(object.sha256)).map((object) => object.sha256));
  const unknown = objects.filter((object) => !known.has(object.sha256));
  await runPool(
    unknown,
    concurrency,
    async (object) => {
      if (await target.exists(object.sha256)) onDp.add(object.sha256);
    },
    signal,
  );
  return onDp;
}

/** The hashes a version's manifest on the DP names; none when it is gone or not a manifest of that version. */
async function objectsInDpManifest(target: Pick<ContentStore, 'getJson'>, packageId: string, version: number): Promise<Set<string>> {
  let raw: unknown;
  try {
    raw = await target.getJson(dpManifestKey(packageId, version));
  } catch (error) {
    if (error instanceof ObjectNotFoundError || error instanceof SyntaxError) return new Set();
    throw error;
  }
  try {
    return new Set(parseManifest(raw, packageId, version).files.map((file) => file.sha256));
  } catch {
    return new Set();
  }
}
