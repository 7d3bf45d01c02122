import { membershipSnapshotSchema } from '@sdp/contracts';
import { snapshotParts } from './membership-snapshot';

function clientId(index: number): string {
  return `0195f3c2-8a4b-7c3d-9e1f-${index.toString(16).padStart(12, '0')}`;
}

describe('snapshotParts', () => {
  it('splits sorted members into numbered parts that together are the membership', () => {
    const members = [7, 3, 1, 9, 5].map(clientId);
    const parts = snapshotParts('S0100003', 4, members, 2);
    expect(parts.map((part) => [part.part, part.parts, part.memberCount, part.membershipVersion])).toEqual([
      [1, 3, 5, 4],
      [2, 3, 5, 4],
      [3, 3, 5, 4],
    ]);
    expect(parts.flatMap((part) => part.members)).toEqual([...members].sort());
  });

  it('sends an empty collection as one empty part', () => {
    expect(snapshotParts('S0100003', 1, [], 10)).toEqual([{ collectionId: 'S0100003', membershipVersion: 1, memberCount: 0, part: 1, parts: 1, members: [] }]);
  });

  it('produces parts the contract accepts, also the empty one of a collection that never had a member (version 0)', () => {
    for (const part of [...snapshotParts('S0100003', 2, [1, 2, 3].map(clientId), 2), ...snapshotParts('S0100004', 0, [], 2)]) {
      expect(membershipSnapshotSchema.safeParse(part).success).toBe(true);
    }
  });
});
