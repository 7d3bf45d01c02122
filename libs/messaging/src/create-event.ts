import { v7 as uuidv7 } from 'uuid';
import { CloudEvent } from '@sdp/contracts';

export interface NewEvent<TData = unknown> {
  type: string;
  /** The producing service, e.g. `sdp.catalog`. */
  source: string;
  /** The aggregate ID; also the record key. */
  subject: string;
  data: TData;
  /** Position of the event among its aggregate's events, from 1. */
  sequence: number;
  /** W3C trace context of the operation that caused the event. */
  traceparent?: string;
}

/** Wraps data in the platform's CloudEvents 1.0 envelope: a fresh UUIDv7 ID and the time now. */
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
  if (event.traceparent !== undefined) {
    envelope.traceparent = event.traceparent;
  }
  return envelope;
}
