import { DataSource } from 'typeorm';
import { Outbox, OutboxEventInput } from '../outbox/outbox';
import { THING_CHANGED, ThingChanged } from './test-events';

export interface WritePlan {
  events: number;
  aggregates: number;
  /** Concurrent writing transactions. */
  writers: number;
  /** Each transaction carries 1..max events. */
  maxEventsPerTransaction: number;
}

/**
 * Writes events through the outbox the way services do: many transactions, several at once,
 * some with several events (of one or more aggregates). Returns how many events each aggregate
 * got, which is also the last sequence number it must have reached.
 */
export async function writeThroughOutbox(dataSource: DataSource, outbox: Outbox, plan: WritePlan): Promise<Map<string, number>> {
  const perAggregate = new Map<string, number>();
  const transactions: OutboxEventInput<ThingChanged>[][] = [];
  let written = 0;
  while (written < plan.events) {
    const size = Math.min(plan.events - written, 1 + Math.floor(Math.random() * plan.maxEventsPerTransaction));
    const events: OutboxEventInput<ThingChanged>[] = [];
    for (let index = 0; index < size; index += 1) {
      const subject = `thing-${String(Math.floor(Math.random() * plan.aggregates)).padStart(3, '0')}`;
      perAggregate.set(subject, (perAggregate.get(subject) ?? 0) + 1);
      events.push({ type: THING_CHANGED, subject, data: { step: written } });
      written += 1;
    }
    transactions.push(events);
  }
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < transactions.length) {
      const events = transactions[next];
      next += 1;
      await dataSource.transaction((manager) => outbox.enqueue(manager, events));
    }
  };
  await Promise.all(Array.from({ length: plan.writers }, writer));
  return perAggregate;
}
