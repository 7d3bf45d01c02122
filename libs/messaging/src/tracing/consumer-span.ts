import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ConsumedRecord } from '../port';
import { contextOf } from './trace-context';

const TRACER = '@sdp/messaging';

/** What became of a consumed record; `skipped`: an event type this consumer does not know. */
export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead_lettered' | 'skipped';

export interface ConsumedEventInfo {
  record: ConsumedRecord;
  groupId: string;
  /** Of the event's envelope, preferred over the record header (they are written equal). */
  traceparent?: string;
  eventId?: string;
  eventType?: string;
}

/**
 * Runs the handling of one record in a consumer span whose parent is the producer's trace, so
 * whatever the handler writes to its own outbox continues the same trace. Without a registered
 * tracer provider the span records nothing but still carries the parent's trace ID.
 */
export async function inConsumerSpan(info: ConsumedEventInfo, handle: () => Promise<ConsumeOutcome>): Promise<ConsumeOutcome> {
  const { record } = info;
  const parent = contextOf(info.traceparent ?? record.headers['traceparent']);
  const span = trace.getTracer(TRACER).startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.consumer.group.name': info.groupId,
        'messaging.kafka.offset': Number(record.offset),
        ...(info.eventId === undefined ? {} : { 'messaging.message.id': info.eventId }),
        ...(info.eventType === undefined ? {} : { 'cloudevents.event_type': info.eventType }),
      },
    },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), handle);
    span.setAttribute('sdp.inbox.outcome', outcome);
    if (outcome === 'dead_lettered') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    }
    return outcome;
  } catch (error) {
    // Not handled: the record comes again, in a span of its own.
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
