import type { MessagingMetrics } from '../metrics';
import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent, deadLetterTopic, EventValidationError, UnknownEventTypeError } from '@sdp/contracts';
import { ConsumedRecord, MessageConsumerRunner, MessageProducer, RecordControl } from '../port';
import { describeError, MessagingLogger } from '../logger';
import { BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF, sleep } from '../backoff';
import { deadLetterMessage } from './dead-letter';
import { isInfrastructureError } from '../database-errors';
import { ConsumeOutcome, inConsumerSpan } from '../tracing/consumer-span';
import { recordAppliedPosition } from '../consistency/applied-positions';

/**
 * Applies one event. Everything it writes must go through `manager`: that is the transaction
 * in which the inbox records the event ID, so effect and record commit together or not at all.
 * Keep it short (no long I/O): a slow handler stalls its partition and the group's heartbeats.
 */
export type InboxHandler<TEvent extends CloudEvent = CloudEvent> = (event: TEvent, manager: EntityManager) => Promise<void>;

export interface InboxConsumerOptions<TEvent extends CloudEvent = CloudEvent> {
  /** The consuming service's database, with the inbox migration applied. */
  dataSource: DataSource;
  /** A runner of the service's consumer group; its group ID keys the inbox. */
  consumer: MessageConsumerRunner;
  /** Sends dead letters (acks all) before their offset is committed. */
  deadLetterProducer: MessageProducer;
  /**
   * Validates a parsed record against the event types (EventRegistry.validate or the platform's
   * validateEvent): throws EventValidationError or UnknownEventTypeError, else returns it typed.
   */
  validate: (raw: unknown, topic: string) => TEvent;
  topics: readonly string[];
  handle: InboxHandler<TEvent>;
  logger: MessagingLogger;
  /** Handler attempts before an event is dead-lettered. Default 5. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  metrics?: MessagingMetrics;
}

export interface InboxStats {
  /** Events whose handler ran and committed. */
  applied: number;
  /** Records whose event ID the inbox already held: redeliveries, skipped. */
  duplicates: number;
  deadLettered: number;
  /** Events of a type this consumer does not know (a newer version, a new type): logged and passed over. */
  skipped: number;
  /** Handler failures that were retried or led to a dead letter. */
  failedAttempts: number;
}

type Parsed<TEvent> =
  | { valid: true; event: TEvent }
  | { valid: false; reason: string }
  | { valid: false; unknownType: UnknownEventTypeError['envelope']; reason: string };

/** Marks an error thrown by the service's handler (as opposed to the inbox's own statements). */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('handler failed');
  }
}

/**
 * Consumes topics into the service's database, exactly once in effect: each record is
 * validated, then applied in one transaction with its inbox row. Records that can never apply
 * (not JSON, not a valid event) go straight to the group's dead-letter topic; a handler that
 * keeps failing is retried with backoff and then dead-lettered; either way the partition goes
 * on. When the database itself is unavailable nothing is dead-lettered: the record stays
 * uncommitted and comes again.
 */
export class InboxConsumer<TEvent extends CloudEvent = CloudEvent> {
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly counters: InboxStats = { applied: 0, duplicates: 0, deadLettered: 0, skipped: 0, failedAttempts: 0 };

  constructor(private readonly options: InboxConsumerOptions<TEvent>) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.maxAttempts}`);
    }
  }

  get groupId(): string {
    return this.options.consumer.groupId;
  }

  async start(): Promise<void> {
    // The dead-letter producer connects again on its first send if Kafka is not there now.
    await this.options.deadLetterProducer.connect().catch(() => undefined);
    await this.options.consumer.start({
      topics: this.options.topics,
      fromBeginning: true,
      handle: (record, control) => this.process(record, control),
    });
  }

  async stop(): Promise<void> {
    await this.options.consumer.stop();
  }

  stats(): InboxStats {
    return { ...this.counters };
  }

  private async process(record: ConsumedRecord, control: RecordControl): Promise<void> {
    const parsed = this.parse(record);
    const event = parsed.valid ? parsed.event : undefined;
    await inConsumerSpan(
      { record, groupId: this.groupId, traceparent: event?.traceparent, eventId: event?.id, eventType: event?.type },
      async (): Promise<ConsumeOutcome> => {
        if (!parsed.valid && 'unknownType' in parsed) {
          await this.skip(record, parsed.unknownType);
          return 'skipped';
        }
        if (!parsed.valid) {
          await this.deadLetter(record, parsed.reason, 0);
          return 'dead_lettered';
        }
        return this.applyWithRetries(parsed.event, record, control);
      },
    );
  }

  private parse(record: ConsumedRecord): Parsed<TEvent> {
    if (record.value === null) {
      return { valid: false, reason: 'empty record value' };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(record.value.toString('utf8'));
    } catch (error) {
      return { valid: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      return { valid: true, event: this.options.validate(raw, record.topic) };
    } catch (error) {
      if (error instanceof UnknownEventTypeError) {
        return { valid: false, unknownType: error.envelope, reason: error.reason };
      }
      if (error instanceof EventValidationError) {
        return { valid: false, reason: error.reason };
      }
      throw error;
    }
  }

  private async applyWithRetries(event: TEvent, record: ConsumedRecord, control: RecordControl): Promise<ConsumeOutcome> {
    for (;;) {
      try {
        const outcome = await this.applyOnce(event, record);
        this.counters[outcome === 'applied' ? 'applied' : 'duplicates'] += 1;
        this.options.metrics?.consumed(record.topic, this.groupId, outcome);
        return outcome;
      } catch (error) {
        if (!(error instanceof HandlerFailure) || isInfrastructureError(error.failure)) {
          throw error instanceof HandlerFailure ? error.failure : error;
        }
        this.counters.failedAttempts += 1;
        const attempts = await this.recordFailure(event, record, error.failure);
        if (attempts >= this.maxAttempts) {
          const reason = `handler failed ${attempts} times; last error: ${describeError(error.failure).error}`;
          await this.deadLetter(record, reason, attempts, event.id);
          await this.markDeadLettered(event, record);
          return 'dead_lettered';
        }
        this.options.logger.warn(
          { groupId: this.groupId, eventId: event.id, type: event.type, attempts, ...describeError(error.failure) },
          'event handler failed; retrying',
        );
        await sleep(backoffDelayMs(attempts, this.backoff));
        await control.heartbeat();
      }
    }
  }

  private applyOnce(event: TEvent, record: ConsumedRecord): Promise<'applied' | 'duplicate'> {
    return this.options.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox_event (consumer_group, event_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (consumer_group, event_id) DO NOTHING
         RETURNING event_id`,
        [this.groupId, event.id, record.topic, record.partition, record.offset],
      );
      if (inserted.length === 0) {
        return 'duplicate';
      }
      try {
        await this.options.handle(event, manager);
        // A handler that swallowed a failed statement leaves the transaction aborted, and
        // COMMIT would then roll back without an error: this makes that visible.
        await manager.query('SELECT 1');
      } catch (error) {
        throw new HandlerFailure(error);
      }
      await recordAppliedPosition(manager, this.groupId, positionOf(event, record));
      return 'applied';
    });
  }

  /** Counts the failed attempt outside the rolled-back transaction; returns the attempts so far. */
  private async recordFailure(event: CloudEvent, record: ConsumedRecord, failure: unknown): Promise<number> {
    const rows: { attempts: number }[] = await this.options.dataSource.query(
      `INSERT INTO inbox_failure (consumer_group, event_id, topic, partition, "offset", attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, 1, $6)
       ON CONFLICT (consumer_group, event_id) DO UPDATE
       SET attempts = inbox_failure.attempts + 1, last_error = EXCLUDED.last_error, last_failed_at = now(),
           topic = EXCLUDED.topic, partition = EXCLUDED.partition, "offset" = EXCLUDED."offset"
       RETURNING attempts`,
      [this.groupId, event.id, record.topic, record.partition, record.offset, describeError(failure).error],
    );
    const row = rows[0];
    if (!row) {
      throw new Error('inbox_failure upsert returned no row');
    }
    return row.attempts;
  }

  /** A dead-lettered event is done with too: a request waiting for it need not wait any longer. */
  private async markDeadLettered(event: CloudEvent, record: ConsumedRecord): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE inbox_failure SET dead_lettered_at = now() WHERE consumer_group = $1 AND event_id = $2', [
        this.groupId,
        event.id,
      ]);
      await recordAppliedPosition(manager, this.groupId, positionOf(event, record));
    });
  }

  /**
   * An event type this consumer was not built for: passed over as the event guide tells consumers
   * to do, logged and counted, and its position recorded so nobody waits for it.
   */
  private async skip(record: ConsumedRecord, envelope: UnknownEventTypeError['envelope']): Promise<void> {
    await this.options.dataSource.transaction((manager) =>
      recordAppliedPosition(manager, this.groupId, { topic: record.topic, subject: envelope.subject, sequence: envelope.sequence }),
    );
    this.counters.skipped += 1;
    this.options.metrics?.consumed(record.topic, this.groupId, 'skipped');
    this.options.logger.info(
      { groupId: this.groupId, topic: record.topic, partition: record.partition, offset: record.offset, eventId: envelope.id, type: envelope.type },
      'skipped an event of a type this consumer does not know',
    );
  }

  /** Resolves only once the broker acknowledged the dead letter; the offset is committed after. */
  private async deadLetter(record: ConsumedRecord, reason: string, attempts: number, eventId?: string): Promise<void> {
    const topic = deadLetterTopic(record.topic, this.groupId);
    await this.options.deadLetterProducer.send(topic, [
      deadLetterMessage({ record, consumerGroup: this.groupId, reason, attempts, eventId, failedAt: new Date() }),
    ]);
    this.counters.deadLettered += 1;
    this.options.metrics?.consumed(record.topic, this.groupId, 'dead_lettered');
    this.options.logger.warn(
      { groupId: this.groupId, topic: record.topic, partition: record.partition, offset: record.offset, eventId, attempts, reason, deadLetterTopic: topic },
      'record dead-lettered',
    );
  }
}

function positionOf(event: CloudEvent, record: ConsumedRecord): { topic: string; subject: string; sequence: number } {
  return { topic: record.topic, subject: event.subject, sequence: event.sequence };
}
