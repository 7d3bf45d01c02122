import { PreparedClient, PreparedPredicate } from '../query';
import { CompiledCollection, EvaluatedClient, isMember, matchesRules, toCandidate } from './collection-rules';

/**
 * Full evaluation: recomputes the given collections (in dependency order) over all clients.
 * Collections they reference but that are not recomputed keep their current members.
 *
 * Membership is held as one byte per client index while evaluating: collections × clients
 * lookups in sets of client IDs were most of the time of a large run. Each client is prepared
 * for the queries once (lowercased text), not once per rule.
 */
export function evaluateMemberships(
  ordered: readonly CompiledCollection[],
  clients: readonly EvaluatedClient[],
  currentMembers: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Set<string>> {
  const candidates = clients.map(toCandidate);
  const flags = new Map<string, Uint8Array>();
  const flagsOf = (collectionId: string): Uint8Array => {
    let known = flags.get(collectionId);
    if (!known) {
      const members = currentMembers.get(collectionId);
      known = new Uint8Array(clients.length);
      if (members && members.size > 0) {
        clients.forEach((client, index) => {
          known![index] = members.has(client.id) ? 1 : 0;
        });
      }
      flags.set(collectionId, known);
    }
    return known;
  };
  let index = 0;
  const memberOf = (collectionId: string): boolean => flagsOf(collectionId)[index] === 1;

  const computed = new Map<string, Set<string>>();
  for (const collection of ordered) {
    const limiting = collection.limitingCollectionId === null ? undefined : flagsOf(collection.limitingCollectionId);
    // Most collections are query rules only: their test needs neither the ID nor other collections.
    const queriesOnly = collection.direct.size === 0 && collection.includes.length === 0 && collection.excludes.length === 0;
    const queries = collection.queries.map((query) => query.matches);
    const result = new Uint8Array(clients.length);
    const memberIds: string[] = [];
    for (index = 0; index < clients.length; index += 1) {
      if (limiting !== undefined && limiting[index] !== 1) {
        continue;
      }
      const candidate = candidates[index];
      if (queriesOnly ? anyMatches(queries, candidate.fields) : matchesRules(collection, candidate, memberOf)) {
        result[index] = 1;
        memberIds.push(candidate.id);
      }
    }
    flags.set(collection.id, result);
    computed.set(collection.id, new Set(memberIds));
  }
  return computed;
}

function anyMatches(queries: readonly PreparedPredicate[], client: PreparedClient): boolean {
  for (let query = 0; query < queries.length; query += 1) {
    if (queries[query](client)) {
      return true;
    }
  }
  return false;
}

/**
 * Incremental evaluation of one client: walks every collection in dependency order, re-testing
 * the incremental ones and keeping the current answer for the others.
 */
export function evaluateClientMemberships(
  ordered: readonly CompiledCollection[],
  client: EvaluatedClient,
  currentCollections: ReadonlySet<string>,
): Set<string> {
  const candidate = toCandidate(client);
  const memberships = new Set<string>();
  const memberOf = (id: string): boolean => memberships.has(id);
  for (const collection of ordered) {
    const member = collection.incremental ? isMember(collection, candidate, memberOf) : currentCollections.has(collection.id);
    if (member) {
      memberships.add(collection.id);
    }
  }
  return memberships;
}
