import { z } from 'zod';
import { clientIdSchema, collectionIdSchema, countSchema } from '../common/fields';

/**
 * Client IDs per event are capped so that an event stays well below Kafka's default 1 MB
 * record limit; bigger changes are split over several events.
 */
export const MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT = 10_000;

const membershipVersionSchema = z
  .int()
  .min(1)
  .describe('Membership version of the collection after this change; increases by one per delta');

function distinct(ids: readonly string[]): boolean {
  return new Set(ids).size === ids.length;
}

/**
 * Members that joined and left, taking the collection from membershipVersion - 1 to
 * membershipVersion. A consumer whose version is not membershipVersion - 1 has missed a delta
 * and must wait for or ask for a snapshot.
 */
export const membershipChangedSchema = z
  .strictObject({
    collectionId: collectionIdSchema,
    membershipVersion: membershipVersionSchema,
    added: z.array(clientIdSchema).max(MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT),
    removed: z.array(clientIdSchema).max(MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT),
  })
  .superRefine((data, context) => {
    if (data.added.length + data.removed.length === 0) {
      context.addIssue({ code: 'custom', message: 'a delta must add or remove at least one client', path: ['added'] });
    }
    if (data.added.length + data.removed.length > MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT) {
      context.addIssue({
        code: 'custom',
        message: `a delta carries at most ${MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT} client IDs; split it`,
        path: ['added'],
      });
    }
    if (!distinct([...data.added, ...data.removed])) {
      context.addIssue({ code: 'custom', message: 'a client ID appears more than once', path: ['added'] });
    }
  });

export type MembershipChangedData = z.infer<typeof membershipChangedSchema>;

/**
 * The complete membership at membershipVersion, in `parts` events numbered 1..parts. A consumer
 * replaces its copy, members and version, once it has every part of one version: targeting
 * publishes it at its current version, so it is the owner's word even below the version held.
 * Version 0 is a collection that never had a member.
 */
export const membershipSnapshotSchema = z
  .strictObject({
    collectionId: collectionIdSchema,
    membershipVersion: z
      .int()
      .min(0)
      .describe('Membership version this snapshot is the state at; 0 for a collection that never had a member'),
    memberCount: countSchema.describe('Number of members over all parts'),
    part: z.int().min(1),
    parts: z.int().min(1),
    members: z.array(clientIdSchema).max(MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT),
  })
  .superRefine((data, context) => {
    if (data.part > data.parts) {
      context.addIssue({ code: 'custom', message: 'part must not exceed parts', path: ['part'] });
    }
    if (data.members.length > data.memberCount) {
      context.addIssue({ code: 'custom', message: 'a part cannot hold more than memberCount members', path: ['members'] });
    }
    if (!distinct(data.members)) {
      context.addIssue({ code: 'custom', message: 'a client ID appears more than once', path: ['members'] });
    }
  });

export type MembershipSnapshotData = z.infer<typeof membershipSnapshotSchema>;
