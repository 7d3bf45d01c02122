import { MembershipSnapshotRequestedData } from './membership-request.schema';

export const membershipSnapshotRequestedExample: MembershipSnapshotRequestedData = {
  collectionId: 'S0100003',
  heldVersion: 6,
  seenVersion: 8,
};
