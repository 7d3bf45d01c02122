import { CollectionRuleData, collectionRuleSchema } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { EntityManager, In } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';
import { clientUnknown } from '../clients/client.errors';
import { queryViolation } from '../common/query-violation';
import { CollectionCycleError, dependencyOrder, findParentCycle } from '../membership/dependency-order';
import { parseExpression, ParseError } from '../query';
import { CollectionEntity } from './collection.entity';
import { collectionDependencyLoop, collectionParentLoop, collectionRuleMalformed, collectionUnknown } from './collection.errors';

/** What checkReferences looks at of a collection. */
export type CollectionReferences = Pick<CollectionEntity, 'id' | 'limitingCollectionId' | 'parentCollectionId' | 'rules'>;

/** Rules as sent are shapes to check: a wrong shape is malformed (400), a bad expression 422. */
export function parseRules(rules: readonly Record<string, unknown>[]): CollectionRuleData[] {
  return rules.map((rule, index) => {
    const parsed = collectionRuleSchema.safeParse(rule);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'rule'}: ${issue.message}`);
      throw collectionRuleMalformed(`rules[${index}]: ${problems.join('; ')}`, [{ field: `rules[${index}]`, problems }]);
    }
    if (parsed.data.type === 'query') {
      try {
        parseExpression(parsed.data.expression);
      } catch (error) {
        if (error instanceof ParseError) {
          throw queryViolation(`rules[${index}].expression`, error);
        }
        throw error;
      }
    }
    return parsed.data;
  });
}

/**
 * Every referenced collection and client exists, and the collection would close no cycle through
 * limiting, include and exclude, nor through parents (422 otherwise).
 */
export async function validateReferences(manager: EntityManager, candidate: CollectionEntity): Promise<void> {
  const collections = await manager.getRepository(CollectionEntity).find();
  checkReferences(candidate, collections, await existingClientIds(manager, directClientIds(candidate.rules)));
}

/**
 * validateReferences' rules, given the stored collections and which of the clients the
 * candidate's direct rules name exist (their IDs in lower case).
 */
export function checkReferences(candidate: CollectionReferences, collections: readonly CollectionReferences[], existingClients: ReadonlySet<string>): void {
  const known = new Map(collections.map((collection) => [collection.id, collection]));
  known.set(candidate.id, candidate);
  const requireCollection = (field: string, id: string | null): void => {
    if (id !== null && !known.has(id)) {
      throw ruleViolation(field, `unknown collection ${id}`, collectionUnknown);
    }
  };
  requireCollection('limitingCollectionId', candidate.limitingCollectionId);
  requireCollection('parentCollectionId', candidate.parentCollectionId);
  candidate.rules.forEach((rule, index) => {
    if (rule.type === 'include' || rule.type === 'exclude') {
      requireCollection(`rules[${index}].collectionId`, rule.collectionId);
    }
  });
  candidate.rules.forEach((rule, index) => {
    if (rule.type === 'direct' && !existingClients.has(rule.clientId.toLowerCase())) {
      throw ruleViolation(`rules[${index}].clientId`, `unknown client ${rule.clientId}`, clientUnknown);
    }
  });
  try {
    dependencyOrder([...known.values()]);
  } catch (error) {
    if (error instanceof CollectionCycleError) {
      throw ruleViolation('rules', error.message, collectionDependencyLoop);
    }
    throw error;
  }
  const parentCycle = findParentCycle(new Map([...known.values()].map((collection) => [collection.id, collection.parentCollectionId])));
  if (parentCycle) {
    throw ruleViolation('parentCollectionId', `parent collections form a cycle: ${parentCycle.join(' → ')}`, collectionParentLoop);
  }
}

function directClientIds(rules: readonly CollectionRuleData[]): string[] {
  return rules.flatMap((rule) => (rule.type === 'direct' ? [rule.clientId] : []));
}

async function existingClientIds(manager: EntityManager, clientIds: string[]): Promise<Set<string>> {
  if (clientIds.length === 0) {
    return new Set();
  }
  const clients = await manager.find(ClientEntity, { select: { id: true }, where: { id: In(clientIds) } });
  return new Set(clients.map((client) => client.id));
}
