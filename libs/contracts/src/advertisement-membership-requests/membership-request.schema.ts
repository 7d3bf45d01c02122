import { z } from 'zod';
import { collectionIdSchema } from '../common/fields';

/**
 * A consumer of collection membership saw a gap in the deltas and asks targeting to publish the
 * collection's full membership now, rather than at the collection's next scheduled evaluation.
 */
export const membershipSnapshotRequestedSchema = z.strictObject({
  collectionId: collectionIdSchema,
  heldVersion: z.int().min(0).describe('Membership version the requester holds'),
  seenVersion: z.int().min(1).describe('Membership version of the delta that showed the gap'),
});

export type MembershipSnapshotRequestedData = z.infer<typeof membershipSnapshotRequestedSchema>;
