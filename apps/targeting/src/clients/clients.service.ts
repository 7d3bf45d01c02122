import { Inject, Injectable } from '@nestjs/common';
import { ClientData, ClientOsData, EventTypes } from '@sdp/contracts';
import { isUUID } from 'class-validator';
import { activeTraceparent, collectWrittenEventsBySubject, EventPosition, Outbox, OutboxEventInput, recordWrittenEvents } from '@sdp/messaging';
import { GroupCommit, ItemOutcome } from '@sdp/persistence';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, ruleViolation, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson } from '../common/canonical-json';
import { queryViolation } from '../common/query-violation';
import { TargetingConfig } from '../config';
import { MembershipPublisher } from '../membership/membership-publisher';
import { MembershipService } from '../membership/membership.service';
import { ClientPredicate, compileQuery, ParseError } from '../query';
import { toClientData, toEvaluatedClient } from './client-data';
import { ClientCredentialsService, UsableChallenge } from './client-credentials.service';
import { ClientEntity } from './client.entity';
import { ClientListFilter, ClientListPosition, ClientSort, containsPattern, isPositionOf } from './client-list-filter';
import { CollectionEntity } from '../collections/collection.entity';
import { challengeAlreadyUsed, clientBlocked, clientMergeTargetGone, clientNotConflicting, clientNotFound } from './client.errors';
import { ConflictResolution } from './dto/client-key.dto';
import { Enrollment, EnrollmentSecretsService } from '../enrollment-secrets/enrollment-secrets.service';
import { PendingRegistrationDto, RegisterClientDto, RegistrationResultDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { UpdateInventoryDto } from './dto/update-inventory.dto';

const QUERY_SCAN_BATCH = 1000;

/** The SQL of each sort column, and its type for the cursor's key. */
const SORT_KEYS: Record<ClientSort, { sql: string; type: 'text' | 'timestamptz' } | undefined> = {
  id: undefined,
  name: { sql: 'lower(client.name)', type: 'text' },
  os: { sql: 'client.os_name', type: 'text' },
  siteCode: { sql: 'client.site_code', type: 'text' },
  lastSeenAt: { sql: 'client.last_seen_at', type: 'timestamptz' },
  registeredAt: { sql: 'client.registered_at', type: 'timestamptz' },
};

interface ListedClient {
  client: ClientEntity;
  position: ClientListPosition;
}

/** The client's place in the list's order; `sortKey` is the key as the query selected it. */
function positionOf(client: ClientEntity, filter: ClientListFilter, sortKey: unknown): ClientListPosition {
  if (filter.sort === 'id') return filter.order === 'asc' ? { id: client.id } : { id: client.id, sort: 'id', order: filter.order };
  const key = sortKey instanceof Date ? sortKey.toISOString() : String(sortKey);
  return { id: client.id, sort: filter.sort, order: filter.order, key };
}

/** How many computers of one name an ambiguous resolve lists, the most recently seen first. */
export const MAX_RESOLVE_CANDIDATES = 20;

/** A computer to choose from when a name is ambiguous. */
export interface ClientCandidate {
  id: string;
  name: string;
  os: ClientOsData;
  siteCode: string;
  lastSeenAt: string;
}

export type ClientResolution = { client: ClientData } | { candidates: ClientCandidate[] };

/**
 * Client columns as TypeORM's insert and update take them: its type of a jsonb column's value
 * does not accept `Record<string, unknown>` (the inventory), which save accepts.
 */
function columns(client: Partial<ClientEntity>): QueryDeepPartialEntity<ClientEntity> {
  return client as QueryDeepPartialEntity<ClientEntity>;
}

type ReportedFields = Pick<ClientEntity, 'name' | 'hardwareId' | 'domain' | 'osName' | 'osVersion' | 'osArch' | 'ipAddresses' | 'inventory'>;

/** How many registrations or inventory updates at most share a transaction, and how long the first waits for others. */
const BATCH_MAX_ITEMS = 100;
const BATCH_MAX_DELAY_MS = 2;
/** Batches of each kind under way at once. */
const BATCHES_IN_FLIGHT = 2;

/** A registration whose enrollment secret and key proof were checked; its challenge is not used up yet. */
interface Registration {
  readonly input: RegisterClientDto;
  readonly enrollment: Enrollment;
  readonly challenge: UsableChallenge;
  /** The request's trace, carried by its events. */
  readonly traceparent: string | undefined;
}

interface InventoryUpdate {
  readonly id: string;
  readonly input: UpdateInventoryDto;
  readonly traceparent: string | undefined;
}

/** A client as a group wrote it, and the events its request names in its consistency token. */
interface WrittenClient {
  readonly client: ClientEntity;
  readonly written: readonly EventPosition[];
}

@Injectable()
export class ClientsService {
  /** Registrations of different computers, coalesced (group commit); one hardware ID's wait for each other. */
  private readonly registrations = new GroupCommit<Registration, WrittenClient>({
    handle: (registrations) => this.registerBatch(registrations),
    maxItems: BATCH_MAX_ITEMS,
    maxDelayMs: BATCH_MAX_DELAY_MS,
    maxInFlight: BATCHES_IN_FLIGHT,
    keyOf: (registration) => registration.input.hardwareId,
  });
  /** Inventory updates of different clients, coalesced (group commit); one client's wait for each other. */
  private readonly inventoryUpdates = new GroupCommit<InventoryUpdate, WrittenClient>({
    handle: (updates) => this.updateInventoryBatch(updates),
    maxItems: BATCH_MAX_ITEMS,
    maxDelayMs: BATCH_MAX_DELAY_MS,
    maxInFlight: BATCHES_IN_FLIGHT,
    keyOf: (update) => update.id,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly membership: MembershipService,
    private readonly publisher: MembershipPublisher,
    private readonly enrollmentSecrets: EnrollmentSecretsService,
    private readonly credentials: ClientCredentialsService,
    @Inject(SERVICE_CONFIG) private readonly config: TargetingConfig,
  ) {}

  /**
   * A client is its key. The caller proves it holds the private key of `publicKey` (a signed
   * challenge); then the client with this hardware ID and this key gets its token (updated with
   * what it reports), and a new hardware ID gets a new client. A known hardware ID with another key
   * gets neither: the registration becomes a separate pending record, `conflictsWith` the existing
   * client, for an administrator to merge, keep or refuse — so the enrollment secret alone never
   * hands over an existing client. A client that is not approved (enrolled with an
   * approval-required secret, AUTO_APPROVE_CLIENTS=false, or such a conflict) is pending: it gets
   * no token, and its agent registers again until it is approved.
   */
  async register(input: RegisterClientDto): Promise<RegistrationResultDto | PendingRegistrationDto> {
    const enrollment = await this.enrollmentSecrets.authenticate(input.enrollmentSecret);
    const challenge = this.credentials.checkProof(input.publicKey, input.proof);
    // With the registrations of other computers that come meanwhile, in one transaction.
    const { client, written } = await this.registrations.submit({ input, enrollment, challenge, traceparent: activeTraceparent() });
    // The group wrote its events outside this request: they are named in its answer here.
    recordWrittenEvents(written);
    if (client.conflictsWith) {
      return {
        clientId: client.id,
        status: 'pending',
        message: 'another client already has this hardware ID; waiting for an administrator to merge, keep or refuse this registration',
      };
    }
    if (!client.approved) {
      return { clientId: client.id, status: 'pending', message: 'waiting for an administrator to approve this computer' };
    }
    return this.credentials.tokenFor(client);
  }

  /**
   * An administrator's answer to a conflicting registration. merge: the client it conflicts with
   * takes this record's key and report, its key generation moves on (its old tokens stop
   * working everywhere), and the record goes; keep: the record becomes a client of its own; refuse:
   * the record is blocked, and the computer gets 403 until an administrator deletes it.
   */
  async resolveConflict(id: string, resolution: ConflictResolution): Promise<ClientData> {
    return this.membershipTransaction(async (manager) => {
      const repository = manager.getRepository(ClientEntity);
      const claimed = await repository.findOne({ where: { id }, select: { id: true, hardwareId: true } });
      if (claimed) {
        // In the order registration takes them: the hardware ID, then its clients.
        await this.lockHardwareIds(manager, [claimed.hardwareId]);
      }
      const record = await this.findForUpdate(manager, id);
      if (!record.conflictsWith) {
        throw clientNotConflicting(`client ${id} is not a conflicting registration`);
      }
      const now = new Date();
      if (resolution === 'merge') {
        const target = await repository.findOne({ where: { id: record.conflictsWith }, lock: { mode: 'pessimistic_write' } });
        if (!target) {
          throw clientMergeTargetGone(`client ${record.conflictsWith}, which ${id} conflicts with, no longer exists: keep or refuse ${id}`);
        }
        const merged = await repository.save({
          ...target,
          ...this.reportedFieldsOf(record),
          publicKey: record.publicKey,
          keyGeneration: target.keyGeneration + 1,
          lastSeenAt: record.lastSeenAt,
          updatedAt: now,
        });
        await this.membership.removeClient(manager, record.id);
        await repository.delete({ id: record.id });
        await this.outbox.enqueue(manager, [{ type: EventTypes.targeting.clientDeleted, subject: record.id, data: { id: record.id } }]);
        await this.publish(manager, EventTypes.targeting.clientUpdated, merged);
        await this.membership.evaluateClient(manager, merged);
        return toClientData(merged);
      }
      const resolved = await repository.save({
        ...record,
        ...(resolution === 'keep' ? { conflictsWith: null, approved: true } : { blocked: true }),
        updatedAt: now,
      });
      await this.publish(manager, EventTypes.targeting.clientUpdated, resolved);
      // Kept, it is a client like any other now, and joins the collections its report places it in.
      await this.membership.evaluateClient(manager, resolved);
      return toClientData(resolved);
    });
  }

  async updateInventory(id: string, input: UpdateInventoryDto): Promise<ClientData> {
    // With the inventory updates of other clients that come meanwhile, in one transaction.
    const { client, written } = await this.inventoryUpdates.submit({ id, input, traceparent: activeTraceparent() });
    recordWrittenEvents(written);
    return toClientData(client);
  }

  async heartbeat(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(ClientEntity).update({ id }, { lastSeenAt: new Date() });
    if (!result.affected) {
      throw clientNotFound(`client ${id} not found`);
    }
  }

  async get(id: string): Promise<ClientData> {
    const client = await this.dataSource.getRepository(ClientEntity).findOneBy({ id });
    if (!client) {
      throw clientNotFound(`client ${id} not found`);
    }
    return toClientData(client);
  }

  /**
   * The client a person means by `ref`: a UUID is the client's ID; anything else a name, matched
   * exactly without regard to case. Two clients of one name (a conflicting registration keeps the
   * name of the client it conflicts with) are candidates to choose from by ID.
   */
  async resolve(ref: string): Promise<ClientResolution> {
    const repository = this.dataSource.getRepository(ClientEntity);
    if (isUUID(ref)) {
      const client = await repository.findOneBy({ id: ref.toLowerCase() });
      if (!client) {
        throw clientNotFound(`client ${ref} not found`);
      }
      return { client: toClientData(client) };
    }
    const named = await repository
      .createQueryBuilder('client')
      .where('lower(client.name) = lower(:ref)', { ref })
      .orderBy('client.last_seen_at', 'DESC')
      .addOrderBy('client.id', 'ASC')
      .take(MAX_RESOLVE_CANDIDATES)
      .getMany();
    if (named.length === 0) {
      throw clientNotFound(`no client is named ${JSON.stringify(ref)}`);
    }
    if (named.length === 1) {
      return { client: toClientData(named[0]) };
    }
    return {
      candidates: named.map((client) => ({
        id: client.id,
        name: client.name,
        os: { name: client.osName, version: client.osVersion, arch: client.osArch } as ClientOsData,
        siteCode: client.siteCode,
        lastSeenAt: client.lastSeenAt.toISOString(),
      })),
    };
  }

  async update(id: string, input: UpdateClientDto): Promise<ClientData> {
    return this.dataSource.transaction(async (manager) => {
      const client = await this.findForUpdate(manager, id);
      const changed = (input.approved ?? client.approved) !== client.approved || (input.blocked ?? client.blocked) !== client.blocked;
      if (!changed) {
        return toClientData(client);
      }
      client.approved = input.approved ?? client.approved;
      client.blocked = input.blocked ?? client.blocked;
      client.updatedAt = new Date();
      const saved = await manager.getRepository(ClientEntity).save(client);
      await this.publish(manager, EventTypes.targeting.clientUpdated, saved);
      return toClientData(saved);
    });
  }

  async delete(id: string): Promise<void> {
    await this.membershipTransaction(async (manager) => {
      await this.findForUpdate(manager, id);
      await this.membership.removeClient(manager, id);
      await manager.getRepository(ClientEntity).delete({ id });
      await this.outbox.enqueue(manager, [{ type: EventTypes.targeting.clientDeleted, subject: id, data: { id } }]);
    });
  }

  /**
   * The filters and the order are SQL (indexed: see the client-list migration); a query
   * expression is applied by the query evaluator to what they select, scanning in batches in the
   * list's order. The cursor is the last client's position in that order.
   */
  async list(query: string | undefined, filter: ClientListFilter, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ClientData>> {
    const predicate = query === undefined ? undefined : this.compile(query);
    if (filter.collectionId !== undefined && !(await this.dataSource.getRepository(CollectionEntity).existsBy({ id: filter.collectionId }))) {
      throw ruleViolation('collectionId', `no collection ${filter.collectionId}`);
    }
    let after = decodeCursor(cursor, isPositionOf(filter));
    const matches: ListedClient[] = [];
    const batchSize = predicate ? QUERY_SCAN_BATCH : limit + 1;
    while (matches.length <= limit) {
      const { entities, raw } = await this.listQuery(filter, after).take(batchSize).getRawAndEntities<{ sort_key: unknown }>();
      // The key as PostgreSQL has it (lower() of a name as the index holds it), for the cursor.
      const batch = entities.map((client, index): ListedClient => ({ client, position: positionOf(client, filter, raw[index]?.sort_key) }));
      for (const listed of batch) {
        if (!predicate || predicate(toEvaluatedClient(listed.client))) {
          matches.push(listed);
        }
      }
      if (batch.length < batchSize) {
        break;
      }
      after = batch[batch.length - 1].position;
    }
    return toPage(matches, limit, (listed) => listed.position, (listed) => toClientData(listed.client));
  }

  private listQuery(filter: ClientListFilter, after: ClientListPosition | undefined): SelectQueryBuilder<ClientEntity> {
    const builder = this.dataSource.getRepository(ClientEntity).createQueryBuilder('client');
    if (filter.name !== undefined) {
      builder.andWhere(`lower(client.name) LIKE :name ESCAPE '\\'`, { name: containsPattern(filter.name) });
    }
    if (filter.os !== undefined) builder.andWhere('client.os_name = :os', { os: filter.os });
    if (filter.siteCode !== undefined) builder.andWhere('client.site_code = :siteCode', { siteCode: filter.siteCode });
    if (filter.lastSeenAfter !== undefined) builder.andWhere('client.last_seen_at >= :lastSeenAfter', { lastSeenAfter: filter.lastSeenAfter });
    if (filter.lastSeenBefore !== undefined) builder.andWhere('client.last_seen_at < :lastSeenBefore', { lastSeenBefore: filter.lastSeenBefore });
    if (filter.ids !== undefined) builder.andWhere('client.id IN (:...ids)', { ids: filter.ids });
    if (filter.collectionId !== undefined) {
      builder.andWhere('EXISTS (SELECT 1 FROM collection_member member WHERE member.collection_id = :collectionId AND member.client_id = client.id)', {
        collectionId: filter.collectionId,
      });
    }
    switch (filter.approval) {
      case 'approved':
        builder.andWhere('client.approved AND NOT client.blocked');
        break;
      case 'pending':
        builder.andWhere('NOT client.approved AND NOT client.blocked');
        break;
      case 'blocked':
        builder.andWhere('client.blocked');
        break;
    }
    const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
    const comparison = filter.order === 'asc' ? '>' : '<';
    const key = SORT_KEYS[filter.sort];
    if (key === undefined) {
      if (after !== undefined) builder.andWhere(`client.id ${comparison} :afterId`, { afterId: after.id });
      return builder.orderBy('client.id', direction);
    }
    if (after !== undefined) {
      builder.andWhere(`(${key.sql}, client.id) ${comparison} (CAST(:afterKey AS ${key.type}), :afterId)`, { afterKey: after.key, afterId: after.id });
    }
    // lower(name) is what the index holds and the cursor compares.
    return builder.addSelect(key.sql, 'sort_key').orderBy(key.sql, direction).addOrderBy('client.id', direction);
  }

  private compile(query: string): ClientPredicate {
    try {
      return compileQuery(query);
    } catch (error) {
      if (error instanceof ParseError) {
        throw queryViolation('query', error);
      }
      throw error;
    }
  }

  /**
   * Registrations of different computers in one transaction (see register): each challenge used
   * up, each hardware ID locked, each computer's clients read, then every client written, its
   * event and its memberships, in a fixed number of statements however many there are. A refused
   * registration (challenge used already, client blocked) leaves nothing behind; the others go on.
   */
  private async registerBatch(registrations: readonly Registration[]): Promise<ItemOutcome<WrittenClient>[]> {
    return this.membershipTransaction(async (manager) => {
      const outcomes: ItemOutcome<ClientEntity>[] = new Array(registrations.length);
      const traceparents = new Map<ClientEntity, string | undefined>();
      const usedNow = await this.credentials.useChallenges(manager, registrations.map(({ challenge }) => challenge));
      const going: number[] = [];
      const nonces = new Set<string>();
      registrations.forEach(({ challenge }, index) => {
        if (usedNow.has(challenge.nonce) && !nonces.has(challenge.nonce)) {
          nonces.add(challenge.nonce);
          going.push(index);
        } else {
          outcomes[index] = { ok: false, error: challengeAlreadyUsed('The challenge has been used already; ask for a new one') };
        }
      });
      const hardwareIds = going.map((index) => registrations[index].input.hardwareId);
      await this.lockHardwareIds(manager, hardwareIds);
      const repository = manager.getRepository(ClientEntity);
      // Row locks in ID order, as every batch takes them, so two batches never wait for each other in a circle.
      const rows = hardwareIds.length === 0 ? [] : await repository.find({ where: { hardwareId: In(hardwareIds) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const released: string[] = [];
      const seen: string[] = [];
      const inserted: ClientEntity[] = [];
      const updated: ClientEntity[] = [];
      const written: ClientEntity[] = [];
      const now = new Date();
      for (const index of going) {
        const { input, enrollment, challenge } = registrations[index];
        const sameHardware = rows.filter((row) => row.hardwareId === input.hardwareId).sort((left, right) => left.registeredAt.getTime() - right.registeredAt.getTime());
        const existing = sameHardware.find((candidate) => candidate.publicKey === input.publicKey);
        if (existing?.blocked) {
          released.push(challenge.nonce);
          outcomes[index] = { ok: false, error: clientBlocked('Client is blocked') };
          continue;
        }
        const conflictsWith = existing ? existing.conflictsWith : (sameHardware.find((candidate) => !candidate.conflictsWith) ?? sameHardware[0])?.id ?? null;
        const candidate: ClientEntity = {
          ...(existing ?? {
            id: uuidv7(),
            approved: conflictsWith === null && this.config.AUTO_APPROVE_CLIENTS && !enrollment.approvalRequired,
            blocked: false,
            registeredAt: now,
            publicKey: input.publicKey,
            keyGeneration: 0,
            conflictsWith,
          }),
          ...this.reportedFields(input),
          siteCode: this.config.SITE_CODE,
          lastSeenAt: now,
          updatedAt: now,
        };
        if (existing && !existing.approved && this.reportedState(existing) === this.reportedState(candidate)) {
          seen.push(existing.id);
          outcomes[index] = { ok: true, value: existing };
          continue;
        }
        (existing ? updated : inserted).push(candidate);
        written.push(candidate);
        traceparents.set(candidate, registrations[index].traceparent);
        outcomes[index] = { ok: true, value: candidate };
      }
      await this.credentials.releaseChallenges(manager, released);
      if (seen.length > 0) {
        await repository.update({ id: In(seen) }, { lastSeenAt: now });
      }
      // insert or update rather than save, which would read the rows again first.
      for (const { id, ...changes } of updated) {
        await repository.update({ id }, columns(changes));
      }
      if (inserted.length > 0) {
        await repository.insert(inserted.map(columns));
      }
      return this.withWrittenEvents(outcomes, async () => {
        await this.outbox.enqueue(manager, written.map((client) => this.event(EventTypes.targeting.clientRegistered, client, traceparents.get(client))));
        await this.membership.evaluateClients(manager, written);
      });
    });
  }

  /**
   * Inventory updates of different clients in one transaction (see updateInventory); an unknown
   * client is its own 404.
   */
  private async updateInventoryBatch(updates: readonly InventoryUpdate[]): Promise<ItemOutcome<WrittenClient>[]> {
    return this.membershipTransaction(async (manager) => {
      // Row locks in ID order, as every batch takes them.
      const rows = await manager.getRepository(ClientEntity).find({ where: { id: In(updates.map((update) => update.id)) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const now = new Date();
      const outcomes: ItemOutcome<ClientEntity>[] = [];
      const written: ClientEntity[] = [];
      const changed: ClientEntity[] = [];
      const traceparents = new Map<ClientEntity, string | undefined>();
      for (const { id, input, traceparent } of updates) {
        const client = byId.get(id);
        if (!client) {
          outcomes.push({ ok: false, error: clientNotFound(`client ${id} not found`) });
          continue;
        }
        const before = this.reportedState(client);
        client.inventory = input.inventory;
        client.osName = input.os?.name ?? client.osName;
        client.osVersion = input.os?.version ?? client.osVersion;
        client.osArch = input.os?.arch ?? client.osArch;
        client.ipAddresses = input.ipAddresses ?? client.ipAddresses;
        client.name = input.name ?? client.name;
        client.domain = input.domain === undefined ? client.domain : input.domain;
        client.lastSeenAt = now;
        if (this.reportedState(client) !== before) {
          client.updatedAt = now;
          changed.push(client);
          traceparents.set(client, traceparent);
        }
        written.push(client);
        outcomes.push({ ok: true, value: client });
      }
      await this.writeReportedFields(manager, written);
      return this.withWrittenEvents(outcomes, async () => {
        await this.outbox.enqueue(manager, changed.map((client) => this.event(EventTypes.targeting.clientInventoryChanged, client, traceparents.get(client))));
        await this.membership.evaluateClients(manager, changed);
      });
    });
  }

  /** Each written client with the events of its request: those of its subject, and the group's shared ones (memberships). */
  private async withWrittenEvents(outcomes: readonly ItemOutcome<ClientEntity>[], enqueue: () => Promise<void>): Promise<ItemOutcome<WrittenClient>[]> {
    const subjects = outcomes.map((outcome) => (outcome.ok ? outcome.value.id : ''));
    const { written } = await collectWrittenEventsBySubject(subjects, enqueue);
    return outcomes.map((outcome, index) => (outcome.ok ? { ok: true, value: { client: outcome.value, written: written[index] } } : outcome));
  }

  /** What the clients report about themselves, when they were last seen and changed: one statement for them all. */
  private async writeReportedFields(manager: EntityManager, clients: readonly ClientEntity[]): Promise<void> {
    if (clients.length === 0) {
      return;
    }
    // Raw SQL: a different row of values for each client in one UPDATE (unnest), which the ORM has no call for.
    await manager.query(
      `UPDATE client SET name = change.name, domain = change.domain, os_name = change.os_name, os_version = change.os_version,
         os_arch = change.os_arch, ip_addresses = change.ip_addresses::jsonb, inventory = change.inventory::jsonb,
         last_seen_at = change.last_seen_at, updated_at = change.updated_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
         AS change (id, name, domain, os_name, os_version, os_arch, ip_addresses, inventory, last_seen_at, updated_at)
       WHERE client.id = change.id`,
      [
        clients.map((client) => client.id),
        clients.map((client) => client.name),
        clients.map((client) => client.domain),
        clients.map((client) => client.osName),
        clients.map((client) => client.osVersion),
        clients.map((client) => client.osArch),
        clients.map((client) => JSON.stringify(client.ipAddresses)),
        clients.map((client) => JSON.stringify(client.inventory)),
        clients.map((client) => client.lastSeenAt.toISOString()),
        clients.map((client) => client.updatedAt.toISOString()),
      ],
    );
  }

  /** A transaction that may change the client's memberships; once it commits, the changes are published. */
  private async membershipTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.publisher.publishSoon();
    return result;
  }

  /**
   * Registrations of one hardware ID one at a time, so two first registrations of a computer cannot
   * both miss each other; registrations of other computers go on meanwhile. Taken in the order of
   * the locks, so two transactions never wait for each other in a circle.
   */
  private async lockHardwareIds(manager: EntityManager, hardwareIds: readonly string[]): Promise<void> {
    if (hardwareIds.length === 0) {
      return;
    }
    // Raw SQL: transaction-scoped advisory locks, which the ORM has no call for.
    await manager.query(
      `SELECT pg_advisory_xact_lock(lock) FROM (SELECT DISTINCT hashtext('sdp.targeting.hardware-id:' || id) AS lock FROM unnest($1::text[]) AS id ORDER BY 1) AS locks`,
      [hardwareIds],
    );
  }

  private async findForUpdate(manager: EntityManager, id: string): Promise<ClientEntity> {
    const client = await manager.getRepository(ClientEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!client) {
      throw clientNotFound(`client ${id} not found`);
    }
    return client;
  }

  private reportedFields(input: RegisterClientDto): ReportedFields {
    return {
      name: input.name,
      hardwareId: input.hardwareId,
      domain: input.domain ?? null,
      osName: input.os.name,
      osVersion: input.os.version,
      osArch: input.os.arch,
      ipAddresses: input.ipAddresses,
      inventory: input.inventory ?? {},
    };
  }

  private reportedFieldsOf(client: ClientEntity): ReportedFields {
    const { name, hardwareId, domain, osName, osVersion, osArch, ipAddresses, inventory } = client;
    return { name, hardwareId, domain, osName, osVersion, osArch, ipAddresses, inventory };
  }

  /** What the client reports about itself; a change publishes inventory-changed. */
  private reportedState(client: ClientEntity): string {
    return canonicalJson([client.name, client.domain, client.osName, client.osVersion, client.osArch, client.ipAddresses, client.inventory]);
  }

  private async publish(manager: EntityManager, type: string, client: ClientEntity): Promise<void> {
    await this.outbox.enqueue(manager, [this.event(type, client)]);
  }

  private event(type: string, client: ClientEntity, traceparent?: string): OutboxEventInput {
    return { type, subject: client.id, data: toClientData(client), traceparent };
  }
}
