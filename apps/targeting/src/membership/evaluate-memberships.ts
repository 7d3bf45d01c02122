import { CompiledCollection, EvaluatedClient, isMember } from './collection-rules';

/**
 * Full evaluation: recomputes the given collections (in dependency order) over all clients.
 * Collections they reference but that are not recomputed keep their current members.
 */
export function evaluateMemberships(
  ordered: readonly CompiledCollection[],
  clients: readonly EvaluatedClient[],
  currentMembers: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Set<string>> {
  const members = new Map<string, ReadonlySet<string>>(currentMembers);
  const computed = new Map<string, Set<string>>();
  for (const collection of ordered) {
    const result = new Set<string>();
    const limiting = collection.limitingCollectionId === null ? undefined : (members.get(collection.limitingCollectionId) ?? new Set<string>());
    for (const client of clients) {
      if (limiting && !limiting.has(client.id)) {
        continue;
      }
      if (isMember(collection, client, (id) => members.get(id)?.has(client.id) ?? false)) {
        result.add(client.id);
      }
    }
    members.set(collection.id, result);
    computed.set(collection.id, result);
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
  const memberships = new Set<string>();
  const memberOf = (id: string): boolean => memberships.has(id);
  for (const collection of ordered) {
    const member = collection.incremental ? isMember(collection, client, memberOf) : currentCollections.has(collection.id);
    if (member) {
      memberships.add(collection.id);
    }
  }
  return memberships;
}
