import { ConsumedRecord, MessageHeaders, OutgoingMessage } from '../port';

/** Header names a dead-lettered record carries besides its original headers. */
export const DEAD_LETTER_HEADERS = {
  reason: 'sdp-dlq-reason',
  originalTopic: 'sdp-dlq-original-topic',
  originalPartition: 'sdp-dlq-original-partition',
  originalOffset: 'sdp-dlq-original-offset',
  consumerGroup: 'sdp-dlq-consumer-group',
  attempts: 'sdp-dlq-attempts',
  eventId: 'sdp-dlq-event-id',
  failedAt: 'sdp-dlq-failed-at',
} as const;

/** Long stack-laden reasons are cut: a header is no place for megabytes. */
const MAX_REASON_LENGTH = 4_000;

export interface DeadLetterCause {
  record: ConsumedRecord;
  consumerGroup: string;
  reason: string;
  /** Handler attempts made; 0 when the record was refused before any (bad JSON, bad schema). */
  attempts: number;
  eventId?: string;
  failedAt: Date;
}

export interface DeadLetterInfo {
  reason: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  consumerGroup: string;
  attempts: number;
  eventId?: string;
  failedAt: string;
}

/** The dead-letter record: the original key and bytes untouched (so it can be replayed), the cause in headers. */
export function deadLetterMessage(cause: DeadLetterCause): OutgoingMessage {
  const headers: MessageHeaders = {
    ...cause.record.headers,
    [DEAD_LETTER_HEADERS.reason]: truncate(cause.reason),
    [DEAD_LETTER_HEADERS.originalTopic]: cause.record.topic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(cause.record.partition),
    [DEAD_LETTER_HEADERS.originalOffset]: cause.record.offset,
    [DEAD_LETTER_HEADERS.consumerGroup]: cause.consumerGroup,
    [DEAD_LETTER_HEADERS.attempts]: String(cause.attempts),
    [DEAD_LETTER_HEADERS.failedAt]: cause.failedAt.toISOString(),
  };
  if (cause.eventId !== undefined) {
    headers[DEAD_LETTER_HEADERS.eventId] = cause.eventId;
  }
  return { key: cause.record.key, value: cause.record.value, headers };
}

/** Reads the cause back from a record of a dead-letter topic; undefined if it is not one. */
export function readDeadLetter(record: ConsumedRecord): DeadLetterInfo | undefined {
  const header = (name: string): string | undefined => record.headers[name];
  const reason = header(DEAD_LETTER_HEADERS.reason);
  const originalTopic = header(DEAD_LETTER_HEADERS.originalTopic);
  const originalPartition = header(DEAD_LETTER_HEADERS.originalPartition);
  const originalOffset = header(DEAD_LETTER_HEADERS.originalOffset);
  const consumerGroup = header(DEAD_LETTER_HEADERS.consumerGroup);
  const attempts = header(DEAD_LETTER_HEADERS.attempts);
  const failedAt = header(DEAD_LETTER_HEADERS.failedAt);
  if (
    reason === undefined ||
    originalTopic === undefined ||
    originalPartition === undefined ||
    originalOffset === undefined ||
    consumerGroup === undefined ||
    attempts === undefined ||
    failedAt === undefined
  ) {
    return undefined;
  }
  return {
    reason,
    originalTopic,
    originalPartition: Number(originalPartition),
    originalOffset,
    consumerGroup,
    attempts: Number(attempts),
    eventId: header(DEAD_LETTER_HEADERS.eventId),
    failedAt,
  };
}

function truncate(reason: string): string {
  return reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH - 1)}…`;
}
