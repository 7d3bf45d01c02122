import { ContentStore } from '@sdp/storage';
import { ManifestObject } from '../manifest';

/**
 * From this many objects on, one listing of the DP's `cas/` area (a request per 1,000 objects)
 * replaces a HEAD per object: with thousands of small files the HEADs cost as much as the copies.
 */
const LIST_DP_FROM_OBJECTS = 100;

/**
 * Delta replication: a DP keeps objects by content hash, so an install copies only the objects
 * the DP lacks, whichever version or package brought the others. This answers which ones it has:
 * for a large version the hashes listed once; for a small one undefined, and each copy asks the
 * DP itself (a HEAD before the copy).
 */
export async function objectsOnDp(target: Pick<ContentStore, 'casHashes'>, objects: readonly ManifestObject[]): Promise<Set<string> | undefined> {
  return objects.length >= LIST_DP_FROM_OBJECTS ? target.casHashes() : undefined;
}
