import { Injectable } from '@nestjs/common';
import { ClientData } from '@sdp/contracts';
import { decodeCursor, DEFAULT_PAGE_SIZE, isUuidIdCursor, Page, toPage } from '@sdp/service';
import { DataSource, In } from 'typeorm';
import { toClientData, toEvaluatedClient } from '../clients/client-data';
import { ClientEntity } from '../clients/client.entity';
import { clientNotFound } from '../clients/client.errors';
import { queryViolation } from '../common/query-violation';
import { CollectionRuleData } from '@sdp/contracts';
import { compileCollection, explainMembership, MembershipExplanation } from '../membership/collection-rules';
import { MembershipService } from '../membership/membership.service';
import { ClientPredicate, ParseError } from '../query';
import { CollectionEntity } from './collection.entity';
import { CollectionsService } from './collections.service';

const PREVIEW_SAMPLE_SIZE = 20;

export interface PreviewResult {
  count: number;
  sample: ClientData[];
}

export interface ExplainResult extends MembershipExplanation {
  collectionId: string;
  clientId: string;
  /** Whether the stored membership says so too; false only while an evaluation is pending. */
  storedMember: boolean;
  membershipVersion: number;
}

/** A rule that puts a client in a collection: its kind and what it says, for people. */
export interface MembershipRule {
  kind: 'direct' | 'query' | 'include';
  description: string;
}

export interface ClientCollection {
  collectionId: string;
  collectionName: string;
  rules: MembershipRule[];
}

/** Read-only views of membership: members, preview of an expression, explain. */
@Injectable()
export class MembershipQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly collections: CollectionsService,
  ) {}

  async members(collectionId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ClientData>> {
    await this.collections.find(this.dataSource.manager, collectionId);
    const after = decodeCursor(cursor, isUuidIdCursor)?.id;
    const clients = await this.dataSource
      .getRepository(ClientEntity)
      .createQueryBuilder('client')
      .innerJoin('collection_member', 'member', 'member.client_id = client.id AND member.collection_id = :collectionId', { collectionId })
      .where(after === undefined ? 'true' : 'client.id > :after', { after })
      .orderBy('client.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return toPage(clients, limit, (client) => ({ id: client.id }), toClientData);
  }

  async preview(expression: string, limitingCollectionId?: string): Promise<PreviewResult> {
    const predicate = this.compile(expression);
    const manager = this.dataSource.manager;
    const limiting = limitingCollectionId === undefined ? undefined : await this.collections.find(manager, limitingCollectionId);
    const clients = limiting
      ? await manager
          .getRepository(ClientEntity)
          .createQueryBuilder('client')
          .innerJoin('collection_member', 'member', 'member.client_id = client.id AND member.collection_id = :id', { id: limiting.id })
          .orderBy('client.id', 'ASC')
          .getMany()
      : await manager.getRepository(ClientEntity).find({ order: { id: 'ASC' } });
    const matching = clients.filter((client) => predicate(toEvaluatedClient(client)));
    return { count: matching.length, sample: matching.slice(0, PREVIEW_SAMPLE_SIZE).map(toClientData) };
  }

  /**
   * Evaluates the collection's rules for one client with the same membership test the
   * evaluations use; referenced collections answer from the stored membership.
   */
  async explain(collectionId: string, clientId: string): Promise<ExplainResult> {
    const manager = this.dataSource.manager;
    const collection = await this.collections.find(manager, collectionId);
    const client = await manager.getRepository(ClientEntity).findOneBy({ id: clientId });
    if (!client) {
      throw clientNotFound(`client ${clientId} not found`);
    }
    const compiled = compileCollection(
      { id: collection.id, limitingCollectionId: collection.limitingCollectionId, rules: collection.rules, incremental: collection.refreshIncremental },
      (expression) => this.membership.compiled(expression),
    );
    const memberships = await this.membership.collectionsOf(manager, clientId);
    const explanation = explainMembership(compiled, toEvaluatedClient(client), (id) => memberships.has(id));
    return {
      collectionId,
      clientId,
      ...explanation,
      storedMember: memberships.has(collectionId),
      membershipVersion: collection.membershipVersion,
    };
  }

  /**
   * The collections the client is a member of, by name, each with the rules that put it there —
   * those explain finds matching (none while an evaluation that removes it is pending).
   */
  async collectionsOfClient(clientId: string): Promise<{ items: ClientCollection[] }> {
    const manager = this.dataSource.manager;
    const client = await manager.getRepository(ClientEntity).findOneBy({ id: clientId });
    if (!client) {
      throw clientNotFound(`client ${clientId} not found`);
    }
    const memberships = await this.membership.collectionsOf(manager, clientId);
    const collections = await manager.getRepository(CollectionEntity).find({ where: { id: In([...memberships]) }, order: { name: 'ASC', id: 'ASC' } });
    const included = collections.flatMap((collection) => collection.rules.flatMap((rule) => (rule.type === 'include' ? [rule.collectionId] : [])));
    const names = new Map((await manager.getRepository(CollectionEntity).find({ where: { id: In(included) }, select: { id: true, name: true } })).map((row) => [row.id, row.name]));
    const evaluated = toEvaluatedClient(client);
    const items = collections.map((collection): ClientCollection => {
      const compiled = compileCollection(
        { id: collection.id, limitingCollectionId: collection.limitingCollectionId, rules: collection.rules, incremental: collection.refreshIncremental },
        (expression) => this.membership.compiled(expression),
      );
      const { rules } = explainMembership(compiled, evaluated, (id) => memberships.has(id));
      return {
        collectionId: collection.id,
        collectionName: collection.name,
        rules: rules.flatMap(({ rule, matched }) => (matched && rule.type !== 'exclude' ? [membershipRule(rule, client.name, names)] : [])),
      };
    });
    return { items };
  }

  private compile(expression: string): ClientPredicate {
    try {
      return this.membership.compiled(expression);
    } catch (error) {
      if (error instanceof ParseError) {
        throw queryViolation('expression', error);
      }
      throw error;
    }
  }
}

function membershipRule(rule: Exclude<CollectionRuleData, { type: 'exclude' }>, clientName: string, collectionNames: ReadonlyMap<string, string>): MembershipRule {
  switch (rule.type) {
    case 'direct':
      return { kind: 'direct', description: `direct: ${clientName}` };
    case 'query':
      return { kind: 'query', description: `query "${rule.name}": ${rule.expression}` };
    case 'include': {
      const name = collectionNames.get(rule.collectionId);
      return { kind: 'include', description: `include: ${name === undefined ? rule.collectionId : `${name} (${rule.collectionId})`}` };
    }
  }
}
