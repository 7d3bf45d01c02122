import { ClientColumns } from '../query';
import { CompiledCollection, EvaluatedClient, isMember, matchesRules, referencedCollections, toCandidate } from './collection-rules';

/**
 * Full evaluation: recomputes the given collections (in dependency order) over all clients.
 * Collections they reference but that are not recomputed keep their current members.
 *
 * Membership is held as one byte per client index while evaluating: collections × clients
 * lookups in sets of client IDs were most of the time of a large run. Each client is prepared
 * for the queries once (lowercased text), not once per rule. A collection of one query rule
 * (the usual case) is evaluated over all clients at once: the query narrows the list of the
 * limiting collection's members part by part, reading each field from a column of all clients.
 */
export function evaluateMemberships(
  ordered: readonly CompiledCollection[],
  clients: readonly EvaluatedClient[],
  currentMembers: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Set<string>> {
  const candidates = clients.map(toCandidate);
  const columns = new ClientColumns(candidates.map((candidate) => candidate.fields));
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
  // The members of each limiting collection as ascending client indexes: where a query starts.
  const indexes = new Map<string, Int32Array>();
  const indexesOf = (collectionId: string): Int32Array => {
    let known = indexes.get(collectionId);
    if (!known) {
      const members = flagsOf(collectionId);
      known = new Int32Array(members.reduce((count, member) => count + member, 0));
      for (let index = 0, position = 0; index < members.length; index += 1) {
        if (members[index] === 1) {
          known[position++] = index;
        }
      }
      indexes.set(collectionId, known);
    }
    return known;
  };
  // The client a rule that reads other collections is testing; the loop below keeps its own
  // index in a local variable (a captured one is a slower context slot in the hot loop).
  let current = 0;
  const memberOf = (collectionId: string): boolean => flagsOf(collectionId)[current] === 1;
  const selection = new Int32Array(clients.length);

  const computed = new Map<string, Set<string>>();
  for (const collection of ordered) {
    // Only a collection another one reads needs its members by client index: a byte array per
    // collection of a large run is enough external memory to keep the garbage collector busy.
    const result = referenced.has(collection.id) ? new Uint8Array(clients.length) : undefined;
    const memberIds: string[] = [];
    const oneQuery = collection.queries.length === 1 && collection.direct.size === 0 && collection.includes.length === 0 && collection.excludes.length === 0;
    if (oneQuery) {
      let count: number;
      if (collection.limitingCollectionId === null) {
        for (let index = 0; index < clients.length; index += 1) {
          selection[index] = index;
        }
        count = clients.length;
      } else {
        const limiting = indexesOf(collection.limitingCollectionId);
        selection.set(limiting);
        count = limiting.length;
      }
      count = collection.queries[0].selects(selection, count, columns);
      for (let position = 0; position < count; position += 1) {
        const index = selection[position];
        if (result !== undefined) {
          result[index] = 1;
        }
        memberIds.push(clients[index].id);
      }
    } else {
      const limiting = collection.limitingCollectionId === null ? undefined : flagsOf(collection.limitingCollectionId);
      for (let index = 0; index < clients.length; index += 1) {
        if (limiting !== undefined && limiting[index] !== 1) {
          continue;
        }
        current = index;
        if (matchesRules(collection, candidates[index], memberOf)) {
          if (result !== undefined) {
            result[index] = 1;
          }
          memberIds.push(clients[index].id);
        }
      }
    }
    if (result !== undefined) {
      flags.set(collection.id, result);
    }
    computed.set(collection.id, new Set(memberIds));
  }
  return computed;
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
