import type { RolloutPhaseData } from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import { SUMMARY_BUCKETS } from '../status/status-states';
import type { PhaseCounts } from './rollout-gate';
import { phaseOfClient } from './rollout-plan';

/** The targeted clients of a phased deployment, placed in their phases, and each phase's counts. */
export interface RolloutTally {
  /** Client IDs (lower case) of phases 1..n, in order. */
  phaseClients: string[][];
  counts: PhaseCounts[];
}

const SUCCEEDED = new Set<string>(SUMMARY_BUCKETS.succeeded);
const FAILED = new Set<string>(SUMMARY_BUCKETS.failed);
const IN_PROGRESS = new Set<string>([...SUMMARY_BUCKETS.waiting, ...SUMMARY_BUCKETS.running]);

/**
 * Places every client of the advertisement's target (as the status summary counts them) in its
 * phase by the rule the policy uses (phaseOfClient), and counts each phase's clients by their
 * current delivery state; failures reported before `failuresCountedSince` (the last resume) are
 * not counted as failed.
 */
export async function tallyRollout(
  manager: EntityManager,
  advertisement: { id: string; collectionId: string; includeSubcollections: boolean },
  phases: readonly RolloutPhaseData[],
  failuresCountedSince: Date | null,
): Promise<RolloutTally> {
  // Raw SQL: the target's members over its subtree (a recursive CTE), as the status summary counts them.
  const targeted: { clientId: string }[] = await manager.query(
    `WITH RECURSIVE subtree(id) AS (
       SELECT $1::text
       UNION
       SELECT c.id FROM known_collection c JOIN subtree s ON c.parent_collection_id = s.id WHERE $2
     )
     SELECT DISTINCT client_id::text AS "clientId" FROM collection_member WHERE collection_id IN (SELECT id FROM subtree) ORDER BY 1`,
    [advertisement.collectionId, advertisement.includeSubcollections],
  );
  const phaseCollections = phases.flatMap((phase) => (phase.type === 'collection' ? [phase.collectionId] : []));
  // Raw SQL: members of each phase collection or of a collection below it, in one recursive statement.
  const phaseMembers: { collectionId: string; clientId: string }[] =
    phaseCollections.length === 0
      ? []
      : await manager.query(
          `WITH RECURSIVE subtree(root, id) AS (
             SELECT root, root FROM unnest($1::text[]) AS root
             UNION
             SELECT s.root, c.id FROM known_collection c JOIN subtree s ON c.parent_collection_id = s.id
           )
           SELECT DISTINCT s.root AS "collectionId", m.client_id::text AS "clientId" FROM subtree s JOIN collection_member m ON m.collection_id = s.id`,
          [phaseCollections],
        );
  const members = new Set(phaseMembers.map((row) => `${row.collectionId}\u0000${row.clientId}`));
  // Raw SQL: the advertisement's current states, three columns of its projection rows.
  const statuses: { clientId: string; deliveryState: string | null; acceptanceState: string | null; deliveryAt: Date | null }[] = await manager.query(
    `SELECT client_id::text AS "clientId", delivery_state AS "deliveryState", acceptance_state AS "acceptanceState", delivery_at AS "deliveryAt"
     FROM client_advertisement_status WHERE advertisement_id = $1`,
    [advertisement.id],
  );
  const statusOf = new Map(statuses.map((status) => [status.clientId, status]));
  const phaseClients: string[][] = phases.map(() => []);
  const counts: PhaseCounts[] = phases.map(() => ({ targeted: 0, succeeded: 0, failed: 0, inProgress: 0, notReported: 0 }));
  for (const { clientId } of targeted) {
    const index = phaseOfClient(phases, advertisement.id, clientId, (collectionId) => members.has(`${collectionId}\u0000${clientId}`)) - 1;
    phaseClients[index].push(clientId);
    const count = counts[index];
    count.targeted += 1;
    const status = statusOf.get(clientId);
    if (!status) {
      count.notReported += 1;
    } else if (status.deliveryState !== null && SUCCEEDED.has(status.deliveryState)) {
      count.succeeded += 1;
    } else if (status.deliveryState !== null && FAILED.has(status.deliveryState)) {
      if (failuresCountedSince === null || (status.deliveryAt !== null && status.deliveryAt.getTime() >= failuresCountedSince.getTime())) {
        count.failed += 1;
      }
    } else if ((status.deliveryState !== null && IN_PROGRESS.has(status.deliveryState)) || (status.deliveryState === null && status.acceptanceState === 'ACCEPTED')) {
      count.inProgress += 1;
    }
  }
  return { phaseClients, counts };
}
