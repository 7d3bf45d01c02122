import { EntityManager } from 'typeorm';
import { CloudEvent, EventRegistry, EventValidationError } from '@sdp/contracts';
import { createEvent } from '../create-event';
import { assignSequences, AggregateRef } from './sequences';
import { recordWrittenEvents } from '../consistency/written-events';

export interface OutboxEventInput<TData = unknown> {
  /** The event type; its registered definition names the topic. */
  type: string;
  /** The aggregate ID: the `subject` and the record key. */
  subject: string;
  data: TData;
  /** W3C trace context of the cause; by default the span active when `enqueue` runs (the request, the event handled). */
  traceparent?: string;
}

export interface OutboxOptions {
  registry: EventRegistry;
  /** The producing service, the events' `source` (e.g. `sdp.catalog`). */
  source: string;
}

/** CloudEvents' Kafka binding, structured mode: the value is the whole event as JSON. */
const CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

interface PreparedEvent {
  topic: string;
  event: CloudEvent;
}

/**
 * Writes events in the caller's transaction, so they exist if and only if the state change
 * that caused them commits. The relay publishes them afterwards.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  /**
   * Validates every event first (nothing is written if one is invalid), gives each the next
   * sequence number of its aggregate and writes them; the relay finds them by polling. (No NOTIFY:
   * PostgreSQL serialises every committing transaction that notified, fsync included, behind one
   * lock for the whole cluster, which capped writes at a few hundred commits per second.) The sequence
   * upsert row-locks each aggregate until the caller's transaction ends, so an aggregate's
   * events commit in sequence order and their outbox IDs follow that order too.
   */
  async enqueue(manager: EntityManager, events: readonly OutboxEventInput[]): Promise<CloudEvent[]> {
    if (events.length === 0) {
      return [];
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.enqueue must run inside the transaction of the state change (dataSource.transaction(...))');
    }
    const prepared = events.map((input) => this.prepare(input));
    const sequences = await this.nextSequences(
      manager,
      prepared.map(({ topic, event }) => ({ topic, key: event.subject })),
    );
    const finished = prepared.map(({ topic, event }, index) => ({ topic, event: { ...event, sequence: sequences[index] } }));
    await manager.query(
      `INSERT INTO outbox_event (event_id, topic, message_key, payload, headers)
       SELECT event_id, topic, message_key, payload::json, headers::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
         WITH ORDINALITY AS row (event_id, topic, message_key, payload, headers, position)
       ORDER BY position`,
      [
        finished.map(({ event }) => event.id),
        finished.map(({ topic }) => topic),
        finished.map(({ event }) => event.subject),
        finished.map(({ event }) => JSON.stringify(event)),
        finished.map(({ event }) => JSON.stringify(headersOf(event))),
      ],
    );
    // The request this runs in names them in its answer's consistency token.
    recordWrittenEvents(finished.map(({ topic, event }) => ({ topic, subject: event.subject, sequence: event.sequence })));
    return finished.map(({ event }) => event);
  }

  /** Builds and validates the envelope; the real sequence number comes later. */
  private prepare(input: OutboxEventInput): PreparedEvent {
    const definition = this.options.registry.get(input.type);
    if (!definition) {
      throw new EventValidationError(`unknown event type ${input.type}`);
    }
    const draft = createEvent({ ...input, source: this.options.source, sequence: 1 });
    // The validated copy is what gets published: the schema drops fields it does not know.
    const event = this.options.registry.validate(draft, definition.topic);
    return { topic: definition.topic, event };
  }

  private async nextSequences(manager: EntityManager, refs: readonly AggregateRef[]): Promise<number[]> {
    return assignSequences(refs, async (counts) => {
      const rows: { topic: string; aggregate_key: string; last_sequence: string }[] = await manager.query(
        `INSERT INTO outbox_aggregate_sequence (topic, aggregate_key, last_sequence)
         SELECT topic, aggregate_key, increment
         FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS row (topic, aggregate_key, increment, position)
         ORDER BY position
         ON CONFLICT (topic, aggregate_key)
         DO UPDATE SET last_sequence = outbox_aggregate_sequence.last_sequence + EXCLUDED.last_sequence
         RETURNING topic, aggregate_key, last_sequence`,
        [counts.map((count) => count.topic), counts.map((count) => count.key), counts.map((count) => count.count)],
      );
      return rows.map((row) => ({ topic: row.topic, key: row.aggregate_key, lastSequence: Number(row.last_sequence) }));
    });
  }
}

function headersOf(event: CloudEvent): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE };
  if (event.traceparent !== undefined) {
    headers['traceparent'] = event.traceparent;
  }
  return headers;
}
