import { Inject, Injectable } from '@nestjs/common';
import { CollectionData, CollectionRuleData, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { nextSiteId } from '@sdp/persistence';
import { advertisementsTargeting, decodeCursor, DEFAULT_PAGE_SIZE, findUsers, inUseConflict, isTextIdCursor, isUniqueViolation, Page, ruleViolation, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { TargetingConfig } from '../config';
import { CollectionEvaluation, MembershipService, SnapshotPublication } from '../membership/membership.service';
import { CollectionEntity } from './collection.entity';
import { CollectionView, toCollectionData, toCollectionView } from './collection-data';
import { CreateCollectionDto, DirectMembersDto, UpdateCollectionDto } from './dto/collection-body.dto';
import { parseRules, validateReferences } from './validate-collection';
import { collectionAlreadyExists, collectionInUse, collectionNoDirectRule, collectionNotFound, collectionReadOnly } from './collection.errors';

export const ALL_SYSTEMS = 'SMS00001';
/** Held (transaction-scoped) by the replica that runs the scheduled full evaluations of this tick. */
export const FULL_EVALUATION_LOCK = 'sdp.targeting.full-evaluation';
const DEFAULT_FULL_EVERY_MINUTES = 1440;
export interface EvaluationResult {
  memberCount: number;
  added: number;
  removed: number;
  tookMs: number;
}

@Injectable()
export class CollectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly membership: MembershipService,
    @Inject(SERVICE_CONFIG) private readonly config: TargetingConfig,
  ) {}

  /** Creates the collection and evaluates it in the same transaction, so its first members come with it. */
  async create(input: CreateCollectionDto): Promise<CollectionView> {
    const rules = parseRules(input.rules);
    return this.writeTransaction(async (manager) => {
      const now = new Date();
      const collection = manager.getRepository(CollectionEntity).create({
        id: await nextSiteId(manager, 'collection', this.config.SITE_CODE),
        name: input.name,
        comment: input.comment ?? '',
        builtIn: false,
        limitingCollectionId: input.limitingCollectionId ?? ALL_SYSTEMS,
        parentCollectionId: input.parentCollectionId ?? null,
        rules,
        refreshIncremental: input.refresh?.incremental ?? true,
        fullEveryMinutes: input.refresh?.fullEveryMinutes === undefined ? DEFAULT_FULL_EVERY_MINUTES : input.refresh.fullEveryMinutes,
        maintenanceWindows: [],
        membershipVersion: 0,
        lastFullEvaluationAt: null,
        announced: true,
        createdAt: now,
        updatedAt: now,
      });
      await validateReferences(manager, collection);
      await manager.getRepository(CollectionEntity).insert(collection);
      await this.membership.collectionsChanged(manager);
      await this.publish(manager, EventTypes.targeting.collectionCreated, collection);
      await this.membership.evaluateCollections(manager, [collection.id]);
      return toCollectionView(await this.find(manager, collection.id));
    });
  }

  async update(id: string, input: UpdateCollectionDto): Promise<CollectionView> {
    const rules = input.rules === undefined ? undefined : parseRules(input.rules);
    return this.writeTransaction(async (manager) => this.change(manager, await this.findWritable(manager, id), input, rules));
  }

  /**
   * Adds a direct rule for each client no direct rule names yet and removes the direct rules of
   * others, with the collection locked: two administrators adding members at once each keep their
   * change, which reading the rules and writing them back would not guarantee.
   */
  async changeDirectMembers(id: string, change: DirectMembersDto): Promise<CollectionView> {
    const add = parseRules((change.add ?? []).map((clientId) => ({ type: 'direct', clientId })));
    const remove = new Set((change.remove ?? []).map((clientId) => clientId.toLowerCase()));
    if (add.length === 0 && remove.size === 0) {
      throw ruleViolation('add', 'name at least one client to add or remove');
    }
    const both = add.flatMap((rule) => (rule.type === 'direct' && remove.has(rule.clientId.toLowerCase()) ? [rule.clientId] : []));
    if (both.length > 0) {
      throw ruleViolation('remove', `${both.join(', ')} both added and removed: say which`);
    }
    return this.writeTransaction(async (manager) => {
      const collection = await this.findWritable(manager, id);
      const direct = new Set(collection.rules.flatMap((rule) => (rule.type === 'direct' ? [rule.clientId.toLowerCase()] : [])));
      const missing = [...remove].filter((clientId) => !direct.has(clientId));
      if (missing.length > 0) {
        throw ruleViolation('remove', `collection ${id} has no direct rule for ${missing.join(', ')}`, collectionNoDirectRule);
      }
      const kept = collection.rules.filter((rule) => rule.type !== 'direct' || !remove.has(rule.clientId.toLowerCase()));
      const added: CollectionRuleData[] = [];
      for (const rule of add) {
        if (rule.type === 'direct' && !direct.has(rule.clientId.toLowerCase())) {
          direct.add(rule.clientId.toLowerCase());
          added.push(rule);
        }
      }
      if (added.length === 0 && remove.size === 0) {
        return toCollectionView(collection);
      }
      return this.change(manager, collection, {}, [...kept, ...added]);
    });
  }

  /** Applies a change to a locked collection: stores and publishes it, and re-evaluates it when its rules or limiting collection changed. */
  private async change(manager: EntityManager, collection: CollectionEntity, input: UpdateCollectionDto, rules: CollectionRuleData[] | undefined): Promise<CollectionView> {
    const membershipChanges =
      rules !== undefined ||
      (input.limitingCollectionId !== undefined && input.limitingCollectionId !== collection.limitingCollectionId);
    collection.name = input.name ?? collection.name;
    collection.comment = input.comment ?? collection.comment;
    collection.limitingCollectionId = input.limitingCollectionId ?? collection.limitingCollectionId;
    collection.parentCollectionId = input.parentCollectionId === undefined ? collection.parentCollectionId : input.parentCollectionId;
    collection.rules = rules ?? collection.rules;
    collection.refreshIncremental = input.refresh?.incremental ?? collection.refreshIncremental;
    if (input.refresh?.fullEveryMinutes !== undefined) {
      collection.fullEveryMinutes = input.refresh.fullEveryMinutes;
    }
    collection.updatedAt = new Date();
    await validateReferences(manager, collection);
    await manager.getRepository(CollectionEntity).save(collection);
    await this.membership.collectionsChanged(manager);
    await this.publish(manager, EventTypes.targeting.collectionUpdated, collection);
    if (membershipChanges) {
      await this.membership.evaluateCollections(manager, [collection.id]);
    }
    return toCollectionView(await this.find(manager, collection.id));
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.membership.lockCollections(manager);
      await this.findWritable(manager, id);
      const advertisements = await advertisementsTargeting(manager, id);
      if (advertisements.total > 0) {
        throw inUseConflict(collectionInUse, 'id', `collection ${id}`, advertisements, 'delete them or point them at another collection first');
      }
      const dependents = await findUsers(
        manager,
        'collections',
        `SELECT id FROM collection
         WHERE id <> $1 AND (limiting_collection_id = $1 OR parent_collection_id = $1
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(rules) AS rule WHERE rule->>'collectionId' = $1))`,
        [id],
      );
      if (dependents.total > 0) {
        throw inUseConflict(collectionInUse, 'id', `collection ${id}`, dependents, 'their limiting collection, parent or include/exclude rules name it; change those first');
      }
      await this.membership.emptyCollection(manager, id);
      await manager.getRepository(CollectionEntity).delete({ id });
      await this.membership.collectionsChanged(manager);
      await this.outbox.enqueue(manager, [{ type: EventTypes.targeting.collectionDeleted, subject: id, data: { id } }]);
    });
  }

  async get(id: string): Promise<CollectionView> {
    return toCollectionView(await this.find(this.dataSource.manager, id));
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<CollectionView>> {
    const after = decodeCursor(cursor, isTextIdCursor)?.id;
    const rows = await this.dataSource.getRepository(CollectionEntity).find({
      where: after === undefined ? {} : { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, (row) => ({ id: row.id }), toCollectionView);
  }

  /** Full evaluation now of this collection and every collection that depends on it. */
  async evaluate(id: string): Promise<EvaluationResult> {
    const started = performance.now();
    const evaluations = await this.dataSource.transaction(async (manager) => {
      await this.find(manager, id);
      return this.membership.evaluateCollections(manager, [id]);
    });
    const own = evaluations.find((evaluation) => evaluation.collectionId === id)!;
    return { memberCount: own.memberCount, added: own.added, removed: own.removed, tookMs: Math.round(performance.now() - started) };
  }

  /** Publishes the collection's membership snapshot now (empty at version 0 if it never had a member). */
  async snapshot(id: string): Promise<SnapshotPublication> {
    return this.dataSource.transaction(async (manager) => {
      await this.find(manager, id);
      const [publication] = await this.membership.publishSnapshots(manager, [id]);
      return publication;
    });
  }

  /** Publishes a membership snapshot of every collection now: a full resync of every consumer. */
  async snapshotAll(): Promise<SnapshotPublication[]> {
    return this.dataSource.transaction(async (manager) => this.membership.publishSnapshots(manager, await this.membership.collectionIds(manager)));
  }

  /** Full evaluation of every collection whose schedule says it is due. */
  async evaluateDue(now: Date = new Date()): Promise<CollectionEvaluation[]> {
    return this.dataSource.transaction(async (manager) => {
      // Raw SQL: a transaction-scoped advisory lock, tried without waiting, which the ORM has no call for.
      // One replica evaluates the due collections; the others skip this tick, and once it commits
      // the collections are no longer due.
      const [{ claimed }]: { claimed: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS claimed', [
        FULL_EVALUATION_LOCK,
      ]);
      if (!claimed) {
        return [];
      }
      // Raw SQL: being due is interval arithmetic over two columns, which find options cannot say.
      const due: { id: string }[] = await manager.query(
        `SELECT id FROM collection
         WHERE full_every_minutes IS NOT NULL
           AND (last_full_evaluation_at IS NULL OR last_full_evaluation_at + full_every_minutes * interval '1 minute' <= $1)`,
        [now],
      );
      return due.length === 0 ? [] : this.membership.evaluateCollections(manager, due.map((row) => row.id));
    });
  }

  /** Built-in collections come from a migration; they are announced once, on the first start. */
  async announceBuiltIns(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const pending = await manager.getRepository(CollectionEntity).find({
        where: { announced: false },
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const collection of pending) {
        await this.publish(manager, EventTypes.targeting.collectionCreated, collection);
        await manager.getRepository(CollectionEntity).update({ id: collection.id }, { announced: true });
      }
    });
  }

  async find(manager: EntityManager, id: string): Promise<CollectionEntity> {
    const collection = await manager.getRepository(CollectionEntity).findOneBy({ id });
    if (!collection) {
      throw collectionNotFound(`collection ${id} not found`);
    }
    return collection;
  }

  async findWritable(manager: EntityManager, id: string): Promise<CollectionEntity> {
    const collection = await manager.getRepository(CollectionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!collection) {
      throw collectionNotFound(`collection ${id} not found`);
    }
    if (collection.builtIn) {
      throw ruleViolation('id', `built-in collection ${id} is read-only`, collectionReadOnly);
    }
    return collection;
  }

  async publish(manager: EntityManager, type: string, collection: CollectionEntity): Promise<void> {
    const data: CollectionData = toCollectionData(collection);
    await this.outbox.enqueue(manager, [{ type, subject: collection.id, data }]);
  }

  /** Collection writes take the membership lock first; a taken name is 409. */
  private async writeTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.membership.lockCollections(manager);
        return work(manager);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw collectionAlreadyExists('a collection with this name already exists');
      }
      throw error;
    }
  }
}
