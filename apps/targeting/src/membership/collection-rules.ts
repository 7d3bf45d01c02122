import { CollectionRuleData } from '@sdp/contracts';
import { ClientPredicate, PreparedClient, PreparedPredicate, prepareClient, QueryableClient, SelectionFilter } from '../query';

export interface EvaluatedClient extends QueryableClient {
  readonly id: string;
}

/** A client as membership tests read it: its ID (direct rules) and its fields prepared once for every query rule. */
export interface MembershipCandidate {
  readonly id: string;
  readonly fields: PreparedClient;
}

export function toCandidate(client: EvaluatedClient): MembershipCandidate {
  return { id: client.id, fields: prepareClient(client) };
}

/** What membership needs of a collection: its limiting collection and its rules. */
export interface CollectionDefinition {
  readonly id: string;
  readonly limitingCollectionId: string | null;
  readonly rules: readonly CollectionRuleData[];
  readonly incremental: boolean;
}

export interface CompiledQueryRule {
  readonly name: string;
  readonly expression: string;
  readonly matches: PreparedPredicate;
  /** `matches` over many clients at once (full evaluation). */
  readonly selects: SelectionFilter;
}

export interface CompiledCollection {
  readonly id: string;
  readonly limitingCollectionId: string | null;
  readonly incremental: boolean;
  readonly rules: readonly CollectionRuleData[];
  readonly direct: ReadonlySet<string>;
  readonly queries: readonly CompiledQueryRule[];
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
}

/** Answers whether a client is (already known to be) a member of another collection. */
export type MemberOf = (collectionId: string) => boolean;

export function compileCollection(definition: CollectionDefinition, compile: (expression: string) => ClientPredicate): CompiledCollection {
  const direct = new Set<string>();
  const queries: CompiledQueryRule[] = [];
  const includes: string[] = [];
  const excludes: string[] = [];
  for (const rule of definition.rules) {
    switch (rule.type) {
      case 'direct':
        direct.add(rule.clientId);
        break;
      case 'query': {
        const predicate = compile(rule.expression);
        queries.push({ name: rule.name, expression: rule.expression, matches: predicate.prepared, selects: predicate.selects });
        break;
      }
      case 'include':
        includes.push(rule.collectionId);
        break;
      case 'exclude':
        excludes.push(rule.collectionId);
        break;
    }
  }
  return { ...definition, direct, queries, includes, excludes };
}

/**
 * Members = limiting ∩ ((direct ∪ query ∪ include) − exclude). The one membership test: full
 * evaluation, incremental evaluation and explain all come here.
 */
export function isMember(collection: CompiledCollection, client: MembershipCandidate, memberOf: MemberOf): boolean {
  if (collection.limitingCollectionId !== null && !memberOf(collection.limitingCollectionId)) {
    return false;
  }
  return matchesRules(collection, client, memberOf);
}

/**
 * (direct ∪ query ∪ include) − exclude, without the limiting check: full evaluation tests the
 * limiting collection itself first, with a cheaper lookup, and then comes here.
 */
export function matchesRules(collection: CompiledCollection, client: MembershipCandidate, memberOf: MemberOf): boolean {
  for (const excluded of collection.excludes) {
    if (memberOf(excluded)) {
      return false;
    }
  }
  if (collection.direct.size > 0 && collection.direct.has(client.id)) {
    return true;
  }
  for (const query of collection.queries) {
    if (query.matches(client.fields)) {
      return true;
    }
  }
  for (const included of collection.includes) {
    if (memberOf(included)) {
      return true;
    }
  }
  return false;
}

export interface RuleVerdict {
  readonly rule: CollectionRuleData;
  readonly matched: boolean;
  readonly effect: 'adds' | 'removes';
}

export interface MembershipExplanation {
  readonly member: boolean;
  readonly limiting: { readonly collectionId: string; readonly member: boolean } | null;
  readonly rules: readonly RuleVerdict[];
  readonly reason: string;
}

/** Rule by rule why a client is in or out, by the same tests isMember makes. */
export function explainMembership(collection: CompiledCollection, evaluated: EvaluatedClient, memberOf: MemberOf): MembershipExplanation {
  const client = toCandidate(evaluated);
  let queryIndex = 0;
  const rules = collection.rules.map((rule): RuleVerdict => {
    switch (rule.type) {
      case 'direct':
        return { rule, matched: rule.clientId === client.id, effect: 'adds' };
      case 'query':
        return { rule, matched: collection.queries[queryIndex++].matches(client.fields), effect: 'adds' };
      case 'include':
        return { rule, matched: memberOf(rule.collectionId), effect: 'adds' };
      case 'exclude':
        return { rule, matched: memberOf(rule.collectionId), effect: 'removes' };
    }
  });
  const limiting =
    collection.limitingCollectionId === null
      ? null
      : { collectionId: collection.limitingCollectionId, member: memberOf(collection.limitingCollectionId) };
  const member = isMember(collection, client, memberOf);
  return { member, limiting, rules, reason: reasonFor(member, limiting, rules) };
}

function reasonFor(member: boolean, limiting: MembershipExplanation['limiting'], rules: readonly RuleVerdict[]): string {
  if (limiting && !limiting.member) {
    return `not a member of the limiting collection ${limiting.collectionId}`;
  }
  const exclusion = rules.find((verdict) => verdict.effect === 'removes' && verdict.matched);
  if (exclusion) {
    return `excluded by ${describeRule(exclusion.rule)}`;
  }
  const inclusion = rules.find((verdict) => verdict.effect === 'adds' && verdict.matched);
  if (member && inclusion) {
    return `added by ${describeRule(inclusion.rule)}`;
  }
  return 'no rule adds the client';
}

export function describeRule(rule: CollectionRuleData): string {
  switch (rule.type) {
    case 'direct':
      return `direct rule for client ${rule.clientId}`;
    case 'query':
      return `query rule "${rule.name}" (${rule.expression})`;
    case 'include':
      return `include rule for collection ${rule.collectionId}`;
    case 'exclude':
      return `exclude rule for collection ${rule.collectionId}`;
  }
}

/** Collections whose membership this collection's membership depends on. */
export function referencedCollections(definition: Pick<CollectionDefinition, 'limitingCollectionId' | 'rules'>): string[] {
  const references = definition.rules.flatMap((rule) => (rule.type === 'include' || rule.type === 'exclude' ? [rule.collectionId] : []));
  return definition.limitingCollectionId === null ? references : [definition.limitingCollectionId, ...references];
}
