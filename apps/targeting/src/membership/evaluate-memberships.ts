import { PreparedPredicate } from '../query';
import { CompiledCollection, EvaluatedClient, isMember, matchesRules, referencedCollections, toCandidate } from './collection-rules';

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
  const fields = candidates.map((candidate) => candidate.fields);
  const referenced = new Set(ordered.flatMap(referencedCollections));
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
  // The client a rule that reads other collections is testing; the loop below keeps its own
  // index in a local variable (a captured one is a slower context slot in the hot loop).
  let current = 0;
  const memberOf = (collectionId: string): boolean => flagsOf(collectionId)[current] === 1;

  const computed = new Map<string, Set<string>>();
  for (const collection of ordered) {
    const limiting = collection.limitingCollectionId === null ? undefined : flagsOf(collection.limitingCollectionId);
    // Most collections are query rules only: their test needs neither the ID nor other collections.
    const queriesOnly = collection.direct.size === 0 && collection.includes.length === 0 && collection.excludes.length === 0;
    const test = queriesOnly ? anyQuery(collection.queries.map((query) => query.matches)) : undefined;
    // Only a collection another one reads needs its members by client index: a byte array per
    // collection of a large run is enough external memory to keep the garbage collector busy.
    const result = referenced.has(collection.id) ? new Uint8Array(clients.length) : undefined;
    const memberIds: string[] = [];
    for (let index = 0; index < clients.length; index += 1) {
      if (limiting !== undefined && limiting[index] !== 1) {
        continue;
      }
      let member: boolean;
      if (test !== undefined) {
        member = test(fields[index]);
      } else {
        current = index;
        member = matchesRules(collection, candidates[index], memberOf);
      }
      if (member) {
        if (result !== undefined) {
          result[index] = 1;
        }
        memberIds.push(clients[index].id);
      }
    }
    if (result !== undefined) {
      flags.set(collection.id, result);
    }
    computed.set(collection.id, new Set(memberIds));
  }
  return computed;
}

/** Some query matches; a collection of one query rule (the usual case) is that query itself. */
function anyQuery(queries: readonly PreparedPredicate[]): PreparedPredicate {
  if (queries.length === 1) {
    return queries[0];
  }
  return (client) => {
    for (let query = 0; query < queries.length; query += 1) {
      if (queries[query](client)) {
        return true;
      }
    }
    return false;
  };
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
