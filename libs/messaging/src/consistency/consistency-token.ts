/**
 * The consistency token of the `Sdp-Consistency` HTTP header: which events a write enqueued, so
 * that a later request (to any service) can wait until the services that consume those events
 * have applied them. The one definition of its format:
 *
 *     Sdp-Consistency: <item>[,<item>...]
 *     item = <topic>~<subject>~<sequence>
 *
 * - `topic`: the platform topic name, without any deployment prefix (e.g. `sdp.catalog.packages.v1`);
 * - `subject`: the aggregate ID (the record key), percent-encoded as by encodeURIComponent, with
 *   `~` as `%7E` too;
 * - `sequence`: the event's per-aggregate `sequence`, a positive integer.
 *
 * A service names at most MAX_TOKEN_ITEMS aggregates per answer (the highest sequence of each);
 * clients send back the items they received, joined by commas, and may drop old ones.
 */
export const CONSISTENCY_HEADER = 'Sdp-Consistency';

/** Items one answer names at most: a header stays far below HTTP servers' header size limits. */
export const MAX_TOKEN_ITEMS = 64;

/** Items one request may carry (what a client merged from several answers). */
export const MAX_REQUEST_ITEMS = 256;

/** Where one event stands in its aggregate's history. */
export interface EventPosition {
  topic: string;
  subject: string;
  sequence: number;
}

/** A header that does not follow the format above; the services answer it with 400. */
export class MalformedConsistencyToken extends Error {
  constructor(reason: string) {
    super(`${CONSISTENCY_HEADER} header: ${reason}`);
    this.name = 'MalformedConsistencyToken';
  }
}

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const MAX_SUBJECT_LENGTH = 500;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const SEQUENCE = /^[1-9][0-9]{0,15}$/;

/** The highest sequence per (topic, subject), in the order each aggregate was first named. */
export function latestPositions(positions: readonly EventPosition[]): EventPosition[] {
  const latest = new Map<string, EventPosition>();
  for (const position of positions) {
    const key = JSON.stringify([position.topic, position.subject]);
    const known = latest.get(key);
    if (!known || known.sequence < position.sequence) {
      latest.set(key, known ? { ...known, sequence: position.sequence } : { ...position });
    }
  }
  return [...latest.values()];
}

/** The header value naming these positions (the first MAX_TOKEN_ITEMS aggregates); '' for none. */
export function encodeConsistencyToken(positions: readonly EventPosition[]): string {
  return latestPositions(positions)
    .slice(0, MAX_TOKEN_ITEMS)
    .map(({ topic, subject, sequence }) => `${topic}~${encodeURIComponent(subject).replace(/~/g, '%7E')}~${sequence}`)
    .join(',');
}

/**
 * The positions a request's header names; none when it has no header (or an empty one). Several
 * header lines count as one comma-separated list. Throws MalformedConsistencyToken.
 */
export function parseConsistencyToken(header: string | readonly string[] | undefined): EventPosition[] {
  const value = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (value === undefined || value.trim() === '') {
    return [];
  }
  const items = value.split(',').map((item) => item.trim());
  if (items.length > MAX_REQUEST_ITEMS) {
    throw new MalformedConsistencyToken(`at most ${MAX_REQUEST_ITEMS} items, got ${items.length}`);
  }
  return latestPositions(items.map(parseItem));
}

function parseItem(item: string, index: number): EventPosition {
  const where = `item ${index + 1}`;
  const parts = item.split('~');
  if (parts.length !== 3) {
    throw new MalformedConsistencyToken(`${where} is not topic~subject~sequence`);
  }
  const [topic, encodedSubject, sequence] = parts;
  if (!TOPIC.test(topic)) {
    throw new MalformedConsistencyToken(`${where}: the topic is not a topic name`);
  }
  if (!SEQUENCE.test(sequence) || !Number.isSafeInteger(Number(sequence))) {
    throw new MalformedConsistencyToken(`${where}: the sequence is not a positive integer`);
  }
  let subject: string;
  try {
    subject = decodeURIComponent(encodedSubject);
  } catch {
    throw new MalformedConsistencyToken(`${where}: the subject is not percent-encoded`);
  }
  if (subject === '' || subject.length > MAX_SUBJECT_LENGTH) {
    throw new MalformedConsistencyToken(`${where}: the subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`);
  }
  // No aggregate ID has them, and PostgreSQL cannot take a NUL in a text parameter.
  if (CONTROL_CHARACTER.test(subject)) {
    throw new MalformedConsistencyToken(`${where}: the subject has control characters`);
  }
  return { topic, subject, sequence: Number(sequence) };
}
