import { OutgoingMessage } from '../port';

export interface OutboxRow {
  id: string;
  topic: string;
  messageKey: string;
  payload: string;
  headers: Record<string, string>;
}

export interface PlannedSend {
  topic: string;
  messages: OutgoingMessage[];
}

/**
 * Splits a batch of rows (in outbox ID order) into sends: one topic per send, rows of a topic in
 * their original order, and no send over `maxBytes` of payload (a broker refuses record batches
 * above its message size limit, which would stall the relay forever). A single row larger than
 * `maxBytes` goes alone.
 */
export function planSends(rows: readonly OutboxRow[], maxBytes: number): PlannedSend[] {
  const byTopic = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const topicRows = byTopic.get(row.topic) ?? [];
    topicRows.push(row);
    byTopic.set(row.topic, topicRows);
  }
  const sends: PlannedSend[] = [];
  for (const [topic, topicRows] of byTopic) {
    let current: PlannedSend | undefined;
    let currentBytes = 0;
    for (const row of topicRows) {
      const bytes = Buffer.byteLength(row.payload, 'utf8') + Buffer.byteLength(row.messageKey, 'utf8');
      if (!current || currentBytes + bytes > maxBytes) {
        current = { topic, messages: [] };
        currentBytes = 0;
        sends.push(current);
      }
      current.messages.push({ key: row.messageKey, value: row.payload, headers: row.headers });
      currentBytes += bytes;
    }
  }
  return sends;
}
