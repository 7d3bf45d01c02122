import { Inject, Injectable } from '@nestjs/common';
import { ClientData, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, isUuidIdCursor, Page, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson } from '../common/canonical-json';
import { queryViolation } from '../common/query-violation';
import { TargetingConfig } from '../config';
import { MembershipPublisher } from '../membership/membership-publisher';
import { MembershipService } from '../membership/membership.service';
import { ClientPredicate, compileQuery, ParseError } from '../query';
import { toClientData, toEvaluatedClient } from './client-data';
import { ClientCredentialsService } from './client-credentials.service';
import { ClientEntity } from './client.entity';
import { clientBlocked, clientMergeTargetGone, clientNotConflicting, clientNotFound } from './client.errors';
import { ConflictResolution } from './dto/client-key.dto';
import { EnrollmentSecretsService } from '../enrollment-secrets/enrollment-secrets.service';
import { PendingRegistrationDto, RegisterClientDto, RegistrationResultDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { UpdateInventoryDto } from './dto/update-inventory.dto';

const QUERY_SCAN_BATCH = 1000;

type ReportedFields = Pick<ClientEntity, 'name' | 'hardwareId' | 'domain' | 'osName' | 'osVersion' | 'osArch' | 'ipAddresses' | 'inventory'>;

@Injectable()
export class ClientsService {
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
    const client = await this.membershipTransaction(async (manager) => {
      await this.credentials.requireProof(manager, input.publicKey, input.proof);
      await this.lockHardwareId(manager, input.hardwareId);
      const repository = manager.getRepository(ClientEntity);
      const sameHardware = await repository.find({ where: { hardwareId: input.hardwareId }, order: { registeredAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const existing = sameHardware.find((candidate) => candidate.publicKey === input.publicKey);
      if (existing?.blocked) {
        throw clientBlocked('Client is blocked');
      }
      const conflictsWith = existing ? existing.conflictsWith : (sameHardware.find((candidate) => !candidate.conflictsWith) ?? sameHardware[0])?.id ?? null;
      const now = new Date();
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
        await repository.update({ id: existing.id }, { lastSeenAt: now });
        return existing;
      }
      const saved = await repository.save(candidate);
      await this.publish(manager, EventTypes.targeting.clientRegistered, saved);
      await this.membership.evaluateClient(manager, saved);
      return saved;
    });
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
        await this.lockHardwareId(manager, claimed.hardwareId);
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
    return this.membershipTransaction(async (manager) => {
      const client = await this.findForUpdate(manager, id);
      const before = this.reportedState(client);
      client.inventory = input.inventory;
      client.osName = input.os?.name ?? client.osName;
      client.osVersion = input.os?.version ?? client.osVersion;
      client.osArch = input.os?.arch ?? client.osArch;
      client.ipAddresses = input.ipAddresses ?? client.ipAddresses;
      client.name = input.name ?? client.name;
      client.domain = input.domain === undefined ? client.domain : input.domain;
      const now = new Date();
      client.lastSeenAt = now;
      const changed = this.reportedState(client) !== before;
      if (changed) {
        client.updatedAt = now;
      }
      const saved = await manager.getRepository(ClientEntity).save(client);
      if (changed) {
        await this.publish(manager, EventTypes.targeting.clientInventoryChanged, saved);
        await this.membership.evaluateClient(manager, saved);
      }
      return toClientData(saved);
    });
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

  /** Scans in ID order and filters with the query evaluator; the cursor is the last ID returned. */
  async list(query: string | undefined, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ClientData>> {
    const predicate = query === undefined ? undefined : this.compile(query);
    const after = decodeCursor(cursor, isUuidIdCursor)?.id;
    const repository = this.dataSource.getRepository(ClientEntity);
    const matches: ClientEntity[] = [];
    let scanFrom = after;
    while (matches.length <= limit) {
      const batch = await repository.find({
        where: scanFrom === undefined ? {} : { id: MoreThan(scanFrom) },
        order: { id: 'ASC' },
        take: predicate ? QUERY_SCAN_BATCH : limit + 1,
      });
      for (const client of batch) {
        if (!predicate || predicate(toEvaluatedClient(client))) {
          matches.push(client);
        }
      }
      if (batch.length < (predicate ? QUERY_SCAN_BATCH : limit + 1)) {
        break;
      }
      scanFrom = batch[batch.length - 1].id;
    }
    return toPage(matches, limit, (client) => ({ id: client.id }), toClientData);
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

  /** A transaction that may change the client's memberships; once it commits, the changes are published. */
  private async membershipTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.publisher.publishSoon();
    return result;
  }

  /**
   * Registrations of one hardware ID one at a time, so two first registrations of a computer cannot
   * both miss each other; registrations of other computers go on meanwhile.
   */
  private async lockHardwareId(manager: EntityManager, hardwareId: string): Promise<void> {
    // Raw SQL: a transaction-scoped advisory lock, which the ORM has no call for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sdp.targeting.hardware-id:${hardwareId}`]);
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
    await this.outbox.enqueue(manager, [{ type, subject: client.id, data: toClientData(client) }]);
  }
}
