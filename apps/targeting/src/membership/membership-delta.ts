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
