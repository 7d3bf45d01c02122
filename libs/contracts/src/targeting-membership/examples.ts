import { MembershipChangedData, MembershipSnapshotData } from './membership.schema';

export const membershipChangedExample: MembershipChangedData = {
  collectionId: 'S0100003',
  membershipVersion: 8,
  added: ['0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f'],
  removed: ['0195f3c2-9b5c-7d4e-8f20-3b4c5d6e7f80'],
};

export const membershipSnapshotExample: MembershipSnapshotData = {
  collectionId: 'S0100003',
  membershipVersion: 8,
  memberCount: 2,
  part: 1,
  parts: 1,
  members: ['0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', '0195f3c2-ac6d-7e5f-9031-4c5d6e7f8091'],
};
