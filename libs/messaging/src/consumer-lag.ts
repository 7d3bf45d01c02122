import { PartitionOffsets } from './port';

export interface PartitionLag {
  partition: number;
  /** Records written to the partition that the group has not committed yet. */
  lag: number;
}

/**
 * How far a group is behind on each partition of a topic: the high watermark minus the
 * committed offset. A partition the group never committed on counts from the first record
 * still stored (the inbox starts from the beginning), as does a commit that retention has
 * already overtaken.
 */
export function partitionLags(
  ends: readonly PartitionOffsets[],
  committed: readonly { partition: number; offset: string }[],
): PartitionLag[] {
  const committedBy = new Map(committed.map((entry) => [entry.partition, Number(entry.offset)]));
  return ends.map((end) => {
    const low = Number(end.low);
    const high = Number(end.high);
    const offset = committedBy.get(end.partition) ?? -1;
    const position = offset < 0 ? low : Math.max(offset, low);
    return { partition: end.partition, lag: Math.max(0, high - position) };
  });
}
