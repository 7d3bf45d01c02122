export interface MembershipDelta {
  readonly added: string[];
  readonly removed: string[];
}

export function diffMembers(before: ReadonlySet<string>, after: ReadonlySet<string>): MembershipDelta {
  return {
    added: [...after].filter((id) => !before.has(id)).sort(),
    removed: [...before].filter((id) => !after.has(id)).sort(),
  };
}

/** Splits a delta into ordered chunks of at most `maxIds` client IDs each; none when empty. */
export function chunkDelta(delta: MembershipDelta, maxIds: number): MembershipDelta[] {
  const changes = [
    ...delta.removed.map((id) => ({ id, added: false })),
    ...delta.added.map((id) => ({ id, added: true })),
  ];
  const chunks: MembershipDelta[] = [];
  for (let start = 0; start < changes.length; start += maxIds) {
    const part = changes.slice(start, start + maxIds);
    chunks.push({ added: part.filter((change) => change.added).map((change) => change.id), removed: part.filter((change) => !change.added).map((change) => change.id) });
  }
  return chunks;
}

export interface MembershipChange {
  readonly collectionId: string;
  readonly clientId: string;
  readonly added: boolean;
}

/**
 * The delta of each collection that `changes` (oldest first) amount to: a client's last change
 * in a collection is what counts, so joining and leaving again within one batch publishes the leave.
 */
export function netChanges(changes: readonly MembershipChange[]): Map<string, MembershipDelta> {
  const last = new Map<string, Map<string, boolean>>();
  for (const change of changes) {
    let clients = last.get(change.collectionId);
    if (!clients) {
      clients = new Map();
      last.set(change.collectionId, clients);
    }
    clients.set(change.clientId, change.added);
  }
  const deltas = new Map<string, MembershipDelta>();
  for (const [collectionId, clients] of last) {
    const entries = [...clients];
    deltas.set(collectionId, {
      added: entries.filter(([, added]) => added).map(([clientId]) => clientId).sort(),
      removed: entries.filter(([, added]) => !added).map(([clientId]) => clientId).sort(),
    });
  }
  return deltas;
}
