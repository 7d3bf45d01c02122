import { v7 as uuidv7 } from 'uuid';
import { CloudEvent } from '@sdp/contracts';
import { activeTraceparent } from './tracing/trace-context';

export interface NewEvent<TData = unknown> {
  type: string;
  /** The producing service, e.g. `sdp.catalog`. */
  source: string;
  /** The aggregate ID; also the record key. */
  subject: string;
  data: TData;
  /** Position of the event among its aggregate's events, from 1. */
  sequence: number;
  /** W3C trace context of the operation that caused the event; by default the span active now. */
  traceparent?: string;
}

/**
 * Wraps data in the platform's CloudEvents 1.0 envelope: a fresh UUIDv7 ID, the time now and
 * the trace context of the request or event being handled, so consumers continue its trace.
 */
export function createEvent<TData>(event: NewEvent<TData>, now: Date = new Date()): CloudEvent<TData> {
  const envelope: CloudEvent<TData> = {
    specversion: '1.0',
    id: uuidv7({ msecs: now.getTime() }),
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    sequence: event.sequence,
    data: event.data,
  };
  const traceparent = event.traceparent ?? activeTraceparent();
  if (traceparent !== undefined) {
    envelope.traceparent = traceparent;
  }
  return envelope;
}
