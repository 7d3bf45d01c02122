import { BadRequestException } from '@nestjs/common';
import { CollectionRuleData, collectionRuleSchema } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { queryViolation } from '../common/query-violation';
import { CollectionCycleError, dependencyOrder, findParentCycle } from '../membership/dependency-order';
import { parseExpression, ParseError } from '../query';
import { CollectionEntity } from './collection.entity';

/** Rules as sent are shapes to check: a wrong shape is malformed (400), a bad expression 422. */
export function parseRules(rules: readonly Record<string, unknown>[]): CollectionRuleData[] {
  return rules.map((rule, index) => {
    const parsed = collectionRuleSchema.safeParse(rule);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'rule'}: ${issue.message}`);
      throw new BadRequestException({
        message: `rules[${index}]: ${problems.join('; ')}`,
        details: [{ field: `rules[${index}]`, problems }],
      });
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
  const known = new Map(collections.map((collection) => [collection.id, collection]));
  known.set(candidate.id, candidate);
  const requireCollection = (field: string, id: string | null): void => {
    if (id !== null && !known.has(id)) {
      throw ruleViolation(field, `unknown collection ${id}`);
    }
  };
  requireCollection('limitingCollectionId', candidate.limitingCollectionId);
  requireCollection('parentCollectionId', candidate.parentCollectionId);
  const directClientIds: string[] = [];
  candidate.rules.forEach((rule, index) => {
    if (rule.type === 'include' || rule.type === 'exclude') {
      requireCollection(`rules[${index}].collectionId`, rule.collectionId);
    } else if (rule.type === 'direct') {
      directClientIds.push(rule.clientId);
    }
  });
  await requireClients(manager, candidate, directClientIds);
  try {
    dependencyOrder([...known.values()]);
  } catch (error) {
    if (error instanceof CollectionCycleError) {
      throw ruleViolation('rules', error.message);
    }
    throw error;
  }
  const parentCycle = findParentCycle(new Map([...known.values()].map((collection) => [collection.id, collection.parentCollectionId])));
  if (parentCycle) {
    throw ruleViolation('parentCollectionId', `parent collections form a cycle: ${parentCycle.join(' → ')}`);
  }
}

async function requireClients(manager: EntityManager, candidate: CollectionEntity, clientIds: string[]): Promise<void> {
  if (clientIds.length === 0) {
    return;
  }
  const rows: { id: string }[] = await manager.query('SELECT id::text FROM client WHERE id = ANY($1::uuid[])', [clientIds]);
  const found = new Set(rows.map((row) => row.id));
  const index = candidate.rules.findIndex((rule) => rule.type === 'direct' && !found.has(rule.clientId.toLowerCase()));
  if (index >= 0) {
    const rule = candidate.rules[index] as Extract<CollectionRuleData, { type: 'direct' }>;
    throw ruleViolation(`rules[${index}].clientId`, `unknown client ${rule.clientId}`);
  }
}
