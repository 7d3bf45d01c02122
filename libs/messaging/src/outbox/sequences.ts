/** One aggregate: its events go to one topic under one key. */
export interface AggregateRef {
  topic: string;
  key: string;
}

export interface AggregateCount extends AggregateRef {
  count: number;
}

export interface AggregateLastSequence extends AggregateRef {
  lastSequence: number;
}

/**
 * How many events each aggregate gets, in a fixed (topic, key) order: reserving in the same
 * order everywhere keeps two transactions that touch the same aggregates from deadlocking.
 */
export function countPerAggregate(refs: readonly AggregateRef[]): AggregateCount[] {
  const counts = new Map<string, AggregateCount>();
  for (const ref of refs) {
    const id = aggregateId(ref);
    const existing = counts.get(id);
    if (existing) {
      existing.count += 1;
    } else {
      counts.set(id, { topic: ref.topic, key: ref.key, count: 1 });
    }
  }
  return [...counts.values()].sort((left, right) => compare(left.topic, right.topic) || compare(left.key, right.key));
}

/**
 * Numbers each event, given each aggregate's last sequence after the reservation: an aggregate
 * with n events in this batch gets last-n+1 ... last, in the order the events were given.
 */
export function numberEvents(refs: readonly AggregateRef[], reserved: readonly AggregateLastSequence[]): number[] {
  const counts = new Map(countPerAggregate(refs).map((count) => [aggregateId(count), count.count]));
  const next = new Map<string, number>();
  for (const last of reserved) {
    const id = aggregateId(last);
    const count = counts.get(id);
    if (count === undefined) {
      throw new Error(`sequence reserved for an aggregate not in the batch: ${id}`);
    }
    next.set(id, last.lastSequence - count + 1);
  }
  return refs.map((ref) => {
    const id = aggregateId(ref);
    const sequence = next.get(id);
    if (sequence === undefined) {
      throw new Error(`no sequence reserved for aggregate ${id}`);
    }
    next.set(id, sequence + 1);
    return sequence;
  });
}

/** Reserves sequence numbers through `reserve` (one statement) and numbers the events. */
export async function assignSequences(
  refs: readonly AggregateRef[],
  reserve: (counts: AggregateCount[]) => Promise<AggregateLastSequence[]>,
): Promise<number[]> {
  return numberEvents(refs, await reserve(countPerAggregate(refs)));
}

function aggregateId(ref: AggregateRef): string {
  return JSON.stringify([ref.topic, ref.key]);
}

function compare(left: string, right: string): number {
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}
