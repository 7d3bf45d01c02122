import { DataSource, EntityManager } from 'typeorm';
import { sleep } from '../backoff';
import { EventPosition } from './consistency-token';

/** An event position a consumer group must have applied. */
export interface GroupPosition extends EventPosition {
  groupId: string;
}

/** A consumer group and the topics it reads. */
export interface GroupTopics {
  groupId: string;
  topics: readonly string[];
}

/**
 * Records, in the transaction that applies an event, that the group has applied its aggregate up
 * to the event's sequence. Never goes back: a redelivered or replayed older event leaves the
 * highest sequence in place.
 */
export async function recordAppliedPosition(manager: EntityManager, groupId: string, position: EventPosition): Promise<void> {
  await manager.query(
    `INSERT INTO inbox_position (consumer_group, topic, subject, sequence)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (consumer_group, topic, subject)
     DO UPDATE SET sequence = GREATEST(inbox_position.sequence, EXCLUDED.sequence), applied_at = now()`,
    [groupId, position.topic, position.subject, position.sequence],
  );
}

/** For each position, every group that reads its topic; positions on topics no group reads are left out. */
export function positionsToAwait(positions: readonly EventPosition[], groups: readonly GroupTopics[]): GroupPosition[] {
  return positions.flatMap((position) =>
    groups.filter((group) => group.topics.includes(position.topic)).map((group) => ({ groupId: group.groupId, ...position })),
  );
}

/** The positions (of `wanted`) the groups have not applied yet. */
export async function unappliedPositions(dataSource: DataSource, wanted: readonly GroupPosition[]): Promise<GroupPosition[]> {
  if (wanted.length === 0) {
    return [];
  }
  const rows: { position: number }[] = await dataSource.query(
    `SELECT w.position::int AS position
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS w (consumer_group, topic, subject, sequence, position)
     WHERE NOT EXISTS (
       SELECT 1 FROM inbox_position p
       WHERE p.consumer_group = w.consumer_group AND p.topic = w.topic AND p.subject = w.subject AND p.sequence >= w.sequence)`,
    [wanted.map((p) => p.groupId), wanted.map((p) => p.topic), wanted.map((p) => p.subject), wanted.map((p) => p.sequence)],
  );
  return rows.map((row) => wanted[row.position - 1]);
}

export interface WaitOptions {
  /** Gives up after this long. */
  timeoutMs: number;
  /** Looks again this often. Default 25 ms. */
  pollMs?: number;
}

/**
 * Waits until the groups have applied every position, or the timeout passed; returns those still
 * not applied (empty when all were). One indexed query per poll.
 */
export async function waitUntilApplied(dataSource: DataSource, wanted: readonly GroupPosition[], options: WaitOptions): Promise<GroupPosition[]> {
  const deadline = Date.now() + options.timeoutMs;
  let missing = await unappliedPositions(dataSource, wanted);
  while (missing.length > 0 && Date.now() < deadline) {
    await sleep(Math.min(options.pollMs ?? 25, Math.max(0, deadline - Date.now())));
    missing = await unappliedPositions(dataSource, missing);
  }
  return missing;
}
