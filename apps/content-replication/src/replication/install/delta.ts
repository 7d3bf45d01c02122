import { ContentStore, ObjectNotFoundError } from '@sdp/storage';
import { dpManifestKey } from '../manifest';
import { SourceManifest } from './source-manifests';

/** What an install knows of its row: the version the DP holds and whether it is known whole. */
export interface InstalledOnDp {
  installed_version: number | null;
  /** Its install committed and no validation has found it damaged since. */
  installed_intact: boolean;
}

/**
 * The version whose objects an install of `version` takes as held by the DP: the installed one,
 * if it is known whole. Never the version being installed itself, so a repair (after a failed
 * validation) or a refresh asks the DP about every object.
 */
export function trustedVersion(row: InstalledOnDp, version: number): number | undefined {
  return row.installed_intact && row.installed_version !== null && row.installed_version !== version ? row.installed_version : undefined;
}

/**
 * Delta replication: a DP keeps objects by content hash, so an install copies only the objects
 * the DP lacks, whichever version or package brought the others. The objects of the trusted
 * version are taken as held when the DP still has that version's manifest exactly as an install
 * wrote it: the commit mark, written after each of them was copied and verified (validation
 * re-hashes them on schedule). One HEAD answers that, whatever the DP holds: the manifest's size
 * and ETag against the bytes written (the source manifest as JSON, S3's ETag of a single PUT being
 * their MD5). A store whose ETag is not that MD5 (an encrypted bucket) gets the manifest read and
 * compared byte for byte. Missing or different means nothing of that version is taken as held.
 * Of the version's other objects the install asks the DP one by one (a HEAD each), so its cost
 * grows with the version, not with the DP.
 */
export async function dpHoldsManifest(
  target: Pick<ContentStore, 'stat' | 'getBytes'>,
  packageId: string,
  version: number,
  trusted: SourceManifest,
): Promise<boolean> {
  const key = dpManifestKey(packageId, version);
  try {
    const info = await target.stat(key);
    if (info.size !== trusted.dpBytes.length) return false;
    if (info.etag === trusted.dpBytesMd5) return true;
    return (await target.getBytes(key)).equals(trusted.dpBytes);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return false;
    throw error;
  }
}
