import { EntityManager } from 'typeorm';
import { POLICY_INVALIDATION_CHANNEL } from '../push/policy-change-channel';

/**
 * Marks cached policies stale and queues the clients for the recompute worker, in the caller's
 * transaction. Every call first bumps the policy epoch (row-locking it until the caller's
 * transaction ends) and only then deletes cache rows and queues their clients: a policy computed
 * concurrently from older data is either stored before and removed by the delete, or stored
 * after the commit, when its client is queued, and so skipped (storePolicies). A poll that comes
 * before the worker finds no row and computes the policy itself. Every replica hears of it on
 * POLICY_INVALIDATION_CHANNEL and forgets the ETags it remembered.
 */
export class PolicyInvalidation {
  constructor(private readonly manager: EntityManager) {}

  async clients(clientIds: readonly string[]): Promise<void> {
    // Raw SQL: one set-based statement deletes the clients' cached policies and queues them (ON CONFLICT: already queued).
    await this.bumpEpoch();
    if (clientIds.length === 0) {
      return;
    }
    await this.manager.query(
      `WITH affected AS (SELECT DISTINCT unnest($1::uuid[]) AS client_id),
       dropped AS (DELETE FROM client_policy WHERE client_id IN (SELECT client_id FROM affected))
       INSERT INTO policy_recompute_queue (client_id) SELECT client_id FROM affected ON CONFLICT (client_id) DO NOTHING`,
      [clientIds],
    );
  }

  /** Members of the collections and of every collection below them. */
  async collections(collectionIds: readonly string[]): Promise<void> {
    // Raw SQL: one set-based statement over the subtree's members (a recursive CTE) deletes and queues; the ORM would load them first.
    await this.bumpEpoch();
    if (collectionIds.length === 0) {
      return;
    }
    await this.manager.query(
      `WITH RECURSIVE subtree(id) AS (
         SELECT unnest($1::text[])
         UNION
         SELECT c.id FROM known_collection c JOIN subtree s ON c.parent_collection_id = s.id
       ),
       affected AS (SELECT DISTINCT client_id FROM collection_member WHERE collection_id IN (SELECT id FROM subtree)),
       dropped AS (DELETE FROM client_policy WHERE client_id IN (SELECT client_id FROM affected))
       INSERT INTO policy_recompute_queue (client_id) SELECT client_id FROM affected ON CONFLICT (client_id) DO NOTHING`,
      [collectionIds],
    );
  }

  /** Clients of every advertisement whose program or dependency chain uses the package. */
  async package(packageId: string): Promise<void> {
    // Raw SQL: the advertisements whose dependency chain uses the package, by a recursive CTE in one statement.
    const rows: { collection_id: string }[] = await this.manager.query(
      `WITH RECURSIVE chain(advertisement_id, package_id, program, depth) AS (
         SELECT id, package_id, program, 0 FROM advertisement
         UNION ALL
         SELECT c.advertisement_id, p.data->'dependsOn'->>'packageId', p.data->'dependsOn'->>'program', c.depth + 1
         FROM chain c
         JOIN known_program p ON p.package_id = c.package_id AND p.name = c.program
         WHERE jsonb_typeof(p.data->'dependsOn') = 'object' AND c.depth < 32
       )
       SELECT DISTINCT a.collection_id
       FROM advertisement a
       WHERE a.id IN (SELECT advertisement_id FROM chain WHERE package_id = $1)`,
      [packageId],
    );
    await this.collections(rows.map((row) => row.collection_id));
  }

  /** A protected distribution point's change can move content for anyone; they are rare. */
  async everything(): Promise<void> {
    // Raw SQL: one statement empties the cache and queues every known client.
    await this.bumpEpoch();
    await this.manager.query(
      `WITH dropped AS (DELETE FROM client_policy)
       INSERT INTO policy_recompute_queue (client_id) SELECT id::uuid FROM known_client ON CONFLICT (client_id) DO NOTHING`,
    );
  }

  private async bumpEpoch(): Promise<void> {
    // Raw SQL: an in-place increment that row-locks the epoch until the transaction ends (the ORM would read then write),
    // and the notification that every replica's remembered ETags are stale, delivered when the caller commits.
    await this.manager.query(`WITH bumped AS (UPDATE policy_epoch SET value = value + 1 WHERE id = 1 RETURNING value) SELECT pg_notify($1, '') FROM bumped`, [
      POLICY_INVALIDATION_CHANNEL,
    ]);
  }
}
