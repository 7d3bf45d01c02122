import { ContentStore, ObjectNotFoundError } from '@sdp/storage';
import { dpManifestKey, parseManifest } from '../manifest';

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
 * the DP lacks, whichever version or package brought the others. This answers, at the cost of one
 * read however much the DP holds, which objects the DP is known to have: those the trusted
 * version's manifest there names. That manifest was written after each of them was copied and
 * verified, and validation re-hashes them on schedule. Of the version's other objects the install
 * asks the DP one by one (a HEAD each, ahead of the copies), so its cost grows with the version,
 * not with the DP.
 */
export async function objectsKnownOnDp(target: Pick<ContentStore, 'getJson'>, packageId: string, trusted: number | undefined): Promise<Set<string>> {
  return trusted === undefined ? new Set() : objectsInDpManifest(target, packageId, trusted);
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
