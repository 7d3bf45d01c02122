import { Injectable } from '@nestjs/common';
import { CollectionRuleData, EventTypes, MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT, MembershipChangedData, MembershipSnapshotData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { EntityManager, IsNull } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';
import { toEvaluatedClient } from '../clients/client-data';
import { CollectionEntity } from '../collections/collection.entity';
import { ClientPredicate, compileQuery } from '../query';
import { CompiledCollection, compileCollection, EvaluatedClient } from './collection-rules';
import { dependencyOrder, withDependents } from './dependency-order';
import { evaluateClientMemberships, evaluateMemberships } from './evaluate-memberships';
import { chunkDelta, diffMembers, MembershipDelta, netChanges } from './membership-delta';
import { snapshotParts } from './membership-snapshot';

/**
 * Every transaction that changes membership holds this lock: a client's own change shares it with
 * other clients' (they write only their own member rows and pending changes), a collection change
 * or full evaluation holds it alone, so no client is evaluated against rules that are changing
 * and no full evaluation misses a client being evaluated.
 */
const MEMBERSHIP_LOCK = 'sdp.targeting.membership';
/** Held while pending client changes become delta events: one publisher at a time, whichever replica. */
const PUBLISHER_LOCK = 'sdp.targeting.membership-publisher';
const COMPILED_QUERY_CACHE_SIZE = 10_000;

interface CollectionRow {
  id: string;
  limiting_collection_id: string | null;
  rules: CollectionRuleData[];
  refresh_incremental: boolean;
}

export interface SnapshotPublication {
  readonly collectionId: string;
  readonly membershipVersion: number;
  readonly memberCount: number;
  readonly parts: number;
}

interface CompiledCollections {
  readonly rulesVersion: number;
  readonly collections: readonly CompiledCollection[];
}

/** A client joining (added) or leaving a collection. */
interface ClientMembershipChange {
  readonly clientId: string;
  readonly collectionId: string;
  readonly added: boolean;
}

export interface CollectionEvaluation {
  readonly collectionId: string;
  readonly memberCount: number;
  readonly added: number;
  readonly removed: number;
}

/**
 * Keeps `collection_member` equal to what the rules say and publishes every change as a
 * membership delta with the collection's next membership version, in the caller's transaction.
 */
@Injectable()
export class MembershipService {
  private readonly compiledQueries = new Map<string, ClientPredicate>();
  /** This replica's compiled collections, for incremental evaluation; see currentCollections. */
  private compiledCollections: CompiledCollections | undefined;

  constructor(private readonly outbox: Outbox) {}

  /**
   * For a change of collections or of every client's membership: alone, no client change
   * meanwhile, and every pending client change published first, so the deltas this transaction
   * publishes come after them.
   */
  async lockCollections(manager: EntityManager): Promise<void> {
    // Raw SQL: a transaction-scoped advisory lock, which the ORM has no call for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MEMBERSHIP_LOCK]);
    await this.publishPendingChanges(manager);
  }

  /**
   * Turns every pending client change into membership deltas, one per changed collection (in
   * chunks), each collection's version moved on once for the batch. Returns how many changes it took.
   */
  async publishPendingChanges(manager: EntityManager): Promise<number> {
    // Raw SQL: transaction-scoped advisory lock; the pending changes taken at once (DELETE ... RETURNING).
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PUBLISHER_LOCK]);
    const rows: { id: string; collection_id: string; client_id: string; added: boolean }[] = await manager.query(
      'WITH taken AS (DELETE FROM membership_change RETURNING id, collection_id, client_id, added) SELECT * FROM taken',
    );
    // A client's changes commit one after another (its row is locked while it changes), so ID order is their order.
    rows.sort((left, right) => Number(left.id) - Number(right.id));
    await this.publishDeltas(manager, netChanges(rows.map((row) => ({ collectionId: row.collection_id, clientId: row.client_id, added: row.added }))));
    return rows.length;
  }

  /** For a change of one client's membership: shared with other clients' changes. */
  async lockClientChange(manager: EntityManager): Promise<void> {
    // Raw SQL: a transaction-scoped shared advisory lock, which the ORM has no call for.
    await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [MEMBERSHIP_LOCK]);
  }

  /** Every change of a collection calls it in its transaction, so replicas compile the collections again. */
  async collectionsChanged(manager: EntityManager): Promise<void> {
    // Raw SQL: one counter row moved on, no entity for it.
    await manager.query('UPDATE collection_rules_version SET version = version + 1');
  }

  /** All collections compiled, in dependency order. Stored rules were validated when saved. */
  async loadCollections(manager: EntityManager): Promise<CompiledCollection[]> {
    // Raw SQL: measured membership evaluation (bench targeting-incremental, every client change): only the columns it compiles.
    const rows: CollectionRow[] = await manager.query(
      'SELECT id, limiting_collection_id, rules, refresh_incremental FROM collection ORDER BY id',
    );
    return dependencyOrder(
      rows.map((row) =>
        compileCollection(
          { id: row.id, limitingCollectionId: row.limiting_collection_id, rules: row.rules, incremental: row.refresh_incremental },
          (expression) => this.compiled(expression),
        ),
      ),
    );
  }

  /**
   * Incremental evaluation of one registered or changed client. A record of a registration that
   * claimed another client's hardware ID without its key is in no collection until an
   * administrator keeps it: what it reports about itself is an unproven claim.
   */
  async evaluateClient(manager: EntityManager, client: ClientEntity): Promise<void> {
    await this.evaluateClients(manager, [client]);
  }

  /**
   * evaluateClient for several different clients at once (a batch of registrations or inventory
   * updates), in a fixed number of statements however many they are.
   */
  async evaluateClients(manager: EntityManager, clients: readonly ClientEntity[]): Promise<void> {
    if (clients.length === 0) {
      return;
    }
    await this.lockClientChange(manager);
    const { rulesVersion, current } = await this.rulesVersionAndCollectionsOf(manager, clients.map((client) => client.id));
    const collections = await this.currentCollections(manager, rulesVersion);
    const changes: ClientMembershipChange[] = [];
    for (const client of clients) {
      const before = current.get(client.id) ?? new Set<string>();
      const next = client.conflictsWith ? new Set<string>() : evaluateClientMemberships(collections, toEvaluatedClient(client), before);
      for (const collectionId of before) {
        if (!next.has(collectionId)) changes.push({ clientId: client.id, collectionId, added: false });
      }
      // `next` holds its collections in their dependency order, as evaluated: the client's few, not all of them.
      for (const collectionId of next) {
        if (!before.has(collectionId)) changes.push({ clientId: client.id, collectionId, added: true });
      }
    }
    await this.applyClientChanges(manager, changes);
  }

  /**
   * Full evaluation of the given collections and everything that depends on them, in dependency
   * order, over every client; each ends with a snapshot of its membership.
   */
  async evaluateCollections(manager: EntityManager, collectionIds: readonly string[]): Promise<CollectionEvaluation[]> {
    await this.lockCollections(manager);
    const collections = await this.loadCollections(manager);
    const affected = withDependents(collections, collectionIds);
    const ordered = collections.filter((collection) => affected.has(collection.id));
    const current = await this.membersOf(manager, collections.map((collection) => collection.id));
    const computed = evaluateMemberships(ordered, await this.loadAllClients(manager), current);
    const evaluations: CollectionEvaluation[] = [];
    for (const collection of ordered) {
      const after = computed.get(collection.id)!;
      const delta = diffMembers(current.get(collection.id) ?? new Set(), after);
      const membershipVersion = await this.applyDelta(manager, collection.id, delta);
      // Every full evaluation republishes the membership, changed or not: a consumer that saw a
      // gap in the deltas catches up by itself at the collection's next scheduled evaluation.
      await this.enqueueSnapshot(manager, collection.id, membershipVersion ?? (await this.membershipVersions(manager, [collection.id])).get(collection.id)!, after);
      evaluations.push({ collectionId: collection.id, memberCount: after.size, added: delta.added.length, removed: delta.removed.length });
    }
    // Raw SQL: one set-based update of every collection just evaluated.
    await manager.query('UPDATE collection SET last_full_evaluation_at = now() WHERE id = ANY($1)', [ordered.map((collection) => collection.id)]);
    return evaluations;
  }

  /**
   * Publishes the complete membership of each given collection at its current version, for a
   * consumer that saw a gap or an administrator's resync; a collection that never had a member
   * is an empty snapshot at version 0. Collections that do not exist are left out.
   */
  async publishSnapshots(manager: EntityManager, collectionIds: readonly string[]): Promise<SnapshotPublication[]> {
    await this.lockCollections(manager);
    const versions = await this.membershipVersions(manager, collectionIds);
    const members = await this.membersOf(manager, [...versions.keys()]);
    const publications: SnapshotPublication[] = [];
    for (const [collectionId, membershipVersion] of versions) {
      publications.push(await this.enqueueSnapshot(manager, collectionId, membershipVersion, members.get(collectionId)!));
    }
    return publications;
  }

  /** Every collection's ID, for a resync of everything. */
  async collectionIds(manager: EntityManager): Promise<string[]> {
    const collections = await manager.find(CollectionEntity, { select: { id: true }, order: { id: 'ASC' } });
    return collections.map((collection) => collection.id);
  }

  /** Publishes the departure of a client about to be deleted from every collection it was in. */
  async removeClient(manager: EntityManager, clientId: string): Promise<void> {
    await this.lockClientChange(manager);
    const left = [...(await this.collectionsOf(manager, clientId))];
    await this.applyClientChanges(manager, left.map((collectionId) => ({ clientId, collectionId, added: false })));
  }

  /** Empties a collection about to be deleted, so a consumer replaying the topic ends empty too. */
  async emptyCollection(manager: EntityManager, collectionId: string): Promise<void> {
    await this.lockCollections(manager);
    const members = (await this.membersOf(manager, [collectionId])).get(collectionId) ?? new Set<string>();
    await this.applyDelta(manager, collectionId, { added: [], removed: [...members].sort() });
  }

  async collectionsOf(manager: EntityManager, clientId: string): Promise<Set<string>> {
    // Raw SQL: measured membership evaluation (bench targeting-incremental): a client's memberships, no entity for collection_member.
    const rows: { collection_id: string }[] = await manager.query('SELECT collection_id FROM collection_member WHERE client_id = $1', [clientId]);
    return new Set(rows.map((row) => row.collection_id));
  }

  /** Every client a collection may hold: all but unresolved conflicting registrations (see evaluateClient). */
  async loadAllClients(manager: EntityManager): Promise<EvaluatedClient[]> {
    const clients = await manager.getRepository(ClientEntity).find({ where: { conflictsWith: IsNull() }, order: { id: 'ASC' } });
    return clients.map(toEvaluatedClient);
  }

  compiled(expression: string): ClientPredicate {
    let predicate = this.compiledQueries.get(expression);
    if (!predicate) {
      predicate = compileQuery(expression);
      if (this.compiledQueries.size >= COMPILED_QUERY_CACHE_SIZE) {
        this.compiledQueries.clear();
      }
      this.compiledQueries.set(expression, predicate);
    }
    return predicate;
  }

  /** The rules version and the clients' memberships, in one round trip: every client change reads both. */
  private async rulesVersionAndCollectionsOf(manager: EntityManager, clientIds: readonly string[]): Promise<{ rulesVersion: number; current: Map<string, Set<string>> }> {
    // Raw SQL: one counter row and the clients' memberships (no entity for either), in one statement.
    const [row]: { version: number; memberships: { client_id: string; collection_id: string }[] | null }[] = await manager.query(
      `SELECT (SELECT version FROM collection_rules_version) AS version,
         (SELECT json_agg(json_build_object('client_id', client_id, 'collection_id', collection_id))
          FROM collection_member WHERE client_id = ANY($1::uuid[])) AS memberships`,
      [clientIds],
    );
    const current = new Map<string, Set<string>>();
    for (const membership of row.memberships ?? []) {
      let collections = current.get(membership.client_id);
      if (!collections) {
        collections = new Set();
        current.set(membership.client_id, collections);
      }
      collections.add(membership.collection_id);
    }
    return { rulesVersion: row.version, current };
  }

  /**
   * The collections compiled, in dependency order, as committed at `rulesVersion`: compiled again
   * only when the rules version moved on. The caller holds the client lock, so no collection
   * change commits between reading the version and the collections; it never changed a
   * collection itself, so what is kept here is committed.
   */
  private async currentCollections(manager: EntityManager, rulesVersion: number): Promise<readonly CompiledCollection[]> {
    if (this.compiledCollections?.rulesVersion !== rulesVersion) {
      this.compiledCollections = { rulesVersion, collections: await this.loadCollections(manager) };
    }
    return this.compiledCollections.collections;
  }

  /**
   * Clients join and leave collections, set-based: their member rows and the pending changes the
   * publisher turns into deltas. Nothing here is shared with other clients' changes.
   */
  private async applyClientChanges(manager: EntityManager, changes: readonly ClientMembershipChange[]): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    // Raw SQL: the membership diff of the clients and their pending changes, set-based (unnest),
    // in one statement (data-modifying CTEs): a batch of client changes makes one round trip.
    await manager.query(
      `WITH change AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[]) WITH ORDINALITY AS change (client_id, collection_id, added, position)),
         left_collections AS (
           DELETE FROM collection_member member USING change
           WHERE NOT change.added AND member.client_id = change.client_id AND member.collection_id = change.collection_id),
         joined_collections AS (
           INSERT INTO collection_member (collection_id, client_id) SELECT collection_id, client_id FROM change WHERE added)
       INSERT INTO membership_change (collection_id, client_id, added) SELECT collection_id, client_id, added FROM change ORDER BY position`,
      [changes.map((change) => change.clientId), changes.map((change) => change.collectionId), changes.map((change) => change.added)],
    );
  }

  /**
   * Publishes each collection's delta, in chunks, at the collection's next membership versions;
   * returns the collections' versions after it (none for an empty delta).
   */
  private async publishDeltas(manager: EntityManager, deltas: ReadonlyMap<string, MembershipDelta>): Promise<Map<string, number>> {
    const chunked = [...deltas]
      .map(([collectionId, delta]) => ({ collectionId, chunks: chunkDelta(delta, MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT) }))
      .filter(({ chunks }) => chunks.length > 0)
      .sort((left, right) => (left.collectionId < right.collectionId ? -1 : 1));
    if (chunked.length === 0) {
      return new Map();
    }
    const rows: { id: string; membership_version: number }[] = await manager.query(
      // Raw SQL: every collection's version moved on by its number of chunks in one statement (unnest);
      // a CTE, since TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
      `WITH bumped AS (
         UPDATE collection SET membership_version = membership_version + change.chunks
         FROM unnest($1::text[], $2::int[]) AS change (id, chunks) WHERE collection.id = change.id
         RETURNING collection.id, membership_version)
       SELECT id, membership_version FROM bumped`,
      [chunked.map(({ collectionId }) => collectionId), chunked.map(({ chunks }) => chunks.length)],
    );
    const lastVersions = new Map(rows.map((row) => [row.id, row.membership_version]));
    await this.outbox.enqueue(
      manager,
      chunked.flatMap(({ collectionId, chunks }) => {
        const firstVersion = lastVersions.get(collectionId)! - chunks.length + 1;
        return chunks.map((chunk, index) => {
          const data: MembershipChangedData = { collectionId, membershipVersion: firstVersion + index, ...chunk };
          return { type: EventTypes.targeting.membershipChanged, subject: collectionId, data };
        });
      }),
    );
    return lastVersions;
  }

  /** The current membership version of each of the collections that exist, in ID order. */
  private async membershipVersions(manager: EntityManager, collectionIds: readonly string[]): Promise<Map<string, number>> {
    // Raw SQL: any number of collections in one statement (one array bound to ANY, where IN binds a parameter each).
    const rows: { id: string; membership_version: number }[] = await manager.query(
      'SELECT id, membership_version FROM collection WHERE id = ANY($1) ORDER BY id',
      [collectionIds],
    );
    return new Map(rows.map((row) => [row.id, row.membership_version]));
  }

  private async membersOf(manager: EntityManager, collectionIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const members = new Map<string, Set<string>>(collectionIds.map((id) => [id, new Set<string>()]));
    // Raw SQL: every member of any number of collections in one statement (ANY); collection_member is written only set-based.
    const rows: { collection_id: string; client_id: string }[] = await manager.query(
      'SELECT collection_id, client_id FROM collection_member WHERE collection_id = ANY($1)',
      [collectionIds],
    );
    for (const row of rows) {
      members.get(row.collection_id)!.add(row.client_id);
    }
    return members;
  }

  private async enqueueSnapshot(
    manager: EntityManager,
    collectionId: string,
    membershipVersion: number,
    members: ReadonlySet<string>,
  ): Promise<SnapshotPublication> {
    const parts = snapshotParts(collectionId, membershipVersion, members, MAX_CLIENT_IDS_PER_MEMBERSHIP_EVENT);
    await this.outbox.enqueue(
      manager,
      parts.map((data: MembershipSnapshotData) => ({ type: EventTypes.targeting.membershipSnapshot, subject: collectionId, data })),
    );
    return { collectionId, membershipVersion, memberCount: members.size, parts: parts.length };
  }

  /** Writes and publishes one collection's delta; returns its membership version after it, undefined when nothing changed. */
  private async applyDelta(manager: EntityManager, collectionId: string, delta: MembershipDelta): Promise<number | undefined> {
    // Raw SQL: the membership diff, set-based (ANY, unnest).
    if (delta.removed.length > 0) {
      await manager.query('DELETE FROM collection_member WHERE collection_id = $1 AND client_id = ANY($2::uuid[])', [collectionId, delta.removed]);
    }
    if (delta.added.length > 0) {
      await manager.query(
        'INSERT INTO collection_member (collection_id, client_id) SELECT $1, unnest($2::uuid[])',
        [collectionId, delta.added],
      );
    }
    return (await this.publishDeltas(manager, new Map([[collectionId, delta]]))).get(collectionId);
  }
}
