import { MembershipSnapshotData } from '@sdp/contracts';

/**
 * The complete membership at one version as snapshot parts 1..parts of at most `maxIds` members
 * each, members sorted; an empty collection is one part with no members.
 */
export function snapshotParts(collectionId: string, membershipVersion: number, members: Iterable<string>, maxIds: number): MembershipSnapshotData[] {
  const sorted = [...members].sort();
  const parts = Math.max(1, Math.ceil(sorted.length / maxIds));
  return Array.from({ length: parts }, (_, index) => ({
    collectionId,
    membershipVersion,
    memberCount: sorted.length,
    part: index + 1,
    parts,
    members: sorted.slice(index * maxIds, (index + 1) * maxIds),
  }));
}
