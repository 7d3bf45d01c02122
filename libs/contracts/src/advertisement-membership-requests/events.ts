import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { membershipSnapshotRequestedExample } from './examples';
import { membershipSnapshotRequestedSchema } from './membership-request.schema';

export const MembershipRequestEventTypes = {
  membershipSnapshotRequested: 'sdp.advertisement.membership-snapshot.requested.v1',
} as const;

export const advertisementMembershipRequestsEventTypes = [
  defineEventType({
    type: MembershipRequestEventTypes.membershipSnapshotRequested,
    topic: TOPICS.advertisementMembershipRequests,
    aggregate: 'collection',
    description:
      'The advertisement service saw a gap in a collection\'s membership deltas and kept the deltas that followed it. Targeting answers with a membership snapshot of the collection on sdp.targeting.membership.v1.',
    dataSchema: membershipSnapshotRequestedSchema,
    subjectOf: (data) => data.collectionId,
    example: membershipSnapshotRequestedExample,
  }),
] as const;
