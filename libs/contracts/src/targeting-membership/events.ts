import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { membershipChangedExample, membershipSnapshotExample } from './examples';
import { membershipChangedSchema, membershipSnapshotSchema } from './membership.schema';

export const MembershipEventTypes = {
  membershipChanged: 'sdp.targeting.membership.changed.v1',
  membershipSnapshot: 'sdp.targeting.membership.snapshot.v1',
} as const;

const topic = TOPICS.targetingMembership;
const aggregate = 'collection';

export const targetingMembershipEventTypes = [
  defineEventType({
    type: MembershipEventTypes.membershipChanged,
    topic,
    aggregate,
    description:
      'Clients joined or left a collection. Applies to membership version membershipVersion - 1; a change bigger than 10,000 client IDs is split over consecutive versions. A consumer that sees a gap waits for or asks for a snapshot.',
    dataSchema: membershipChangedSchema,
    subjectOf: (data) => data.collectionId,
    example: membershipChangedExample,
  }),
  defineEventType({
    type: MembershipEventTypes.membershipSnapshot,
    topic,
    aggregate,
    description:
      'The complete membership of a collection at its current membership version (0 if it never had a member), split into parts of at most 10,000 members. Published after every full evaluation, on a consumer\'s request and on an administrator\'s resync; a consumer replaces its copy, members and version, with it.',
    dataSchema: membershipSnapshotSchema,
    subjectOf: (data) => data.collectionId,
    example: membershipSnapshotExample,
  }),
] as const;
