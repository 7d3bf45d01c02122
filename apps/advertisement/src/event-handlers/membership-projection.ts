import { EventTypes, MembershipChangedData, MembershipSnapshotData, MembershipSnapshotRequestedData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { EntityManager } from 'typeorm';
import { PolicyInvalidation } from '../policy/policy-invalidation';

interface MembershipState {
  version: number;
  needsSnapshot: boolean;
}

/**
 * Applies a delta that continues the version we hold. A delta from the past is a redelivery and
 * changes nothing; one from the future means we missed one: the collection waits for a snapshot,
 * asked of targeting once per gap, and the delta is kept to be replayed on top of it.
 */
export async function applyMembershipChange(manager: EntityManager, data: MembershipChangedData, outbox: Outbox): Promise<void> {
  // Raw SQL: a delta is kept once (ON CONFLICT DO NOTHING) whatever the redeliveries.
  const state = await lockState(manager, data.collectionId);
  if (data.membershipVersion <= state.version) {
    return;
  }
  if (state.needsSnapshot || data.membershipVersion !== state.version + 1) {
    await manager.query(
      `INSERT INTO membership_pending_delta (collection_id, membership_version, added, removed) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [data.collectionId, data.membershipVersion, data.added, data.removed],
    );
    await saveState(manager, data.collectionId, { version: state.version, needsSnapshot: true });
    if (!state.needsSnapshot) {
      await requestSnapshot(manager, outbox, { collectionId: data.collectionId, heldVersion: state.version, seenVersion: data.membershipVersion });
    }
    return;
  }
  await applyDelta(manager, data.collectionId, data.added, data.removed);
  await new PolicyInvalidation(manager).clients([...data.added, ...data.removed]);
  await saveState(manager, data.collectionId, { version: data.membershipVersion, needsSnapshot: false });
}

/**
 * Stages snapshot parts; once every part of one version is in, the membership is replaced by it,
 * members and version, whatever version we held: targeting publishes a snapshot at its current
 * version and a collection's events arrive in order, so it is the owner's word, also over a copy
 * made wrong (a forged delta, an edited row). Kept deltas that follow it are replayed; any others
 * are dropped, since none can come that would close their gap.
 */
export async function applyMembershipSnapshot(manager: EntityManager, data: MembershipSnapshotData): Promise<void> {
  // Raw SQL: set-based staging of a part's members (unnest, ON CONFLICT DO NOTHING), a count and deletes, one statement each.
  await lockState(manager, data.collectionId);
  await manager.query(
    `INSERT INTO membership_snapshot_part (collection_id, membership_version, part, parts) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [data.collectionId, data.membershipVersion, data.part, data.parts],
  );
  await manager.query(
    `INSERT INTO membership_snapshot_member (collection_id, membership_version, client_id)
     SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
    [data.collectionId, data.membershipVersion, data.members],
  );
  const [{ received }]: { received: number }[] = await manager.query(
    `SELECT count(*)::int AS received FROM membership_snapshot_part WHERE collection_id = $1 AND membership_version = $2`,
    [data.collectionId, data.membershipVersion],
  );
  if (received < data.parts) {
    return;
  }
  const changed = await replaceMembers(manager, data.collectionId, data.membershipVersion);
  await manager.query(`DELETE FROM membership_snapshot_member WHERE collection_id = $1`, [data.collectionId]);
  await manager.query(`DELETE FROM membership_snapshot_part WHERE collection_id = $1`, [data.collectionId]);
  const replayed = await replayPendingDeltas(manager, data.collectionId, data.membershipVersion);
  await new PolicyInvalidation(manager).clients([...changed, ...replayed.changed]);
  await saveState(manager, data.collectionId, { version: replayed.version, needsSnapshot: false });
}

/** Asks targeting for the collection's full membership (answered on the membership topic). */
async function requestSnapshot(manager: EntityManager, outbox: Outbox, request: MembershipSnapshotRequestedData): Promise<void> {
  await outbox.enqueue(manager, [{ type: EventTypes.advertisement.membershipSnapshotRequested, subject: request.collectionId, data: request }]);
}

async function replaceMembers(manager: EntityManager, collectionId: string, version: number): Promise<string[]> {
  // Raw SQL: the membership diff against the snapshot, two set-based statements returning who changed.
  const removed: { client_id: string }[] = await manager.query(
    // A CTE, since TypeORM answers a bare DELETE ... RETURNING with [rows, count].
    `WITH gone AS (
       DELETE FROM collection_member m
       WHERE m.collection_id = $1
         AND NOT EXISTS (SELECT 1 FROM membership_snapshot_member s
                         WHERE s.collection_id = $1 AND s.membership_version = $2 AND s.client_id = m.client_id)
       RETURNING client_id)
     SELECT client_id FROM gone`,
    [collectionId, version],
  );
  const added: { client_id: string }[] = await manager.query(
    `INSERT INTO collection_member (collection_id, client_id)
     SELECT collection_id, client_id FROM membership_snapshot_member WHERE collection_id = $1 AND membership_version = $2
     ON CONFLICT DO NOTHING
     RETURNING client_id`,
    [collectionId, version],
  );
  return [...removed, ...added].map((row) => row.client_id);
}

async function replayPendingDeltas(manager: EntityManager, collectionId: string, fromVersion: number): Promise<{ version: number; changed: string[] }> {
  // Raw SQL: the kept deltas with their uuid[] columns as text[], and one delete of them all.
  const pending: { membership_version: number; added: string[]; removed: string[] }[] = await manager.query(
    `SELECT membership_version, added::text[] AS added, removed::text[] AS removed FROM membership_pending_delta
     WHERE collection_id = $1 AND membership_version > $2 ORDER BY membership_version`,
    [collectionId, fromVersion],
  );
  let version = fromVersion;
  const changed: string[] = [];
  for (const delta of pending) {
    if (delta.membership_version !== version + 1) {
      break;
    }
    await applyDelta(manager, collectionId, delta.added, delta.removed);
    changed.push(...delta.added, ...delta.removed);
    version = delta.membership_version;
  }
  await manager.query(`DELETE FROM membership_pending_delta WHERE collection_id = $1`, [collectionId]);
  return { version, changed };
}

async function applyDelta(manager: EntityManager, collectionId: string, added: readonly string[], removed: readonly string[]): Promise<void> {
  // Raw SQL: a delta of any size in two set-based statements (unnest, ANY); the ORM would write row by row.
  if (added.length > 0) {
    await manager.query(
      `INSERT INTO collection_member (collection_id, client_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [collectionId, added],
    );
  }
  if (removed.length > 0) {
    await manager.query(`DELETE FROM collection_member WHERE collection_id = $1 AND client_id = ANY($2::uuid[])`, [collectionId, removed]);
  }
}

async function lockState(manager: EntityManager, collectionId: string): Promise<MembershipState> {
  // Raw SQL: create-if-missing (ON CONFLICT DO NOTHING) then lock, so concurrent first events of a collection cannot race.
  await manager.query(
    `INSERT INTO collection_membership_state (collection_id, membership_version, needs_snapshot) VALUES ($1, 0, false)
     ON CONFLICT DO NOTHING`,
    [collectionId],
  );
  const [row]: { membership_version: number; needs_snapshot: boolean }[] = await manager.query(
    `SELECT membership_version, needs_snapshot FROM collection_membership_state WHERE collection_id = $1 FOR UPDATE`,
    [collectionId],
  );
  return { version: row.membership_version, needsSnapshot: row.needs_snapshot };
}

async function saveState(manager: EntityManager, collectionId: string, state: MembershipState): Promise<void> {
  // Raw SQL: one keyed update of the row lockState holds locked; a table only this projection touches, otherwise by upsert.
  await manager.query(
    `UPDATE collection_membership_state SET membership_version = $2, needs_snapshot = $3 WHERE collection_id = $1`,
    [collectionId, state.version, state.needsSnapshot],
  );
}
