import { EntityManager } from 'typeorm';

/**
 * The PostgreSQL channel on which a replica that made clients' policies ready tells every replica
 * (each LISTENs on it) which clients now have which policy, so the one holding a client's push
 * connection can tell it to fetch. NOTIFY is transactional: the message goes out when the
 * transaction that stored the policies commits, and never if it rolls back.
 */
export const POLICY_CHANGE_CHANNEL = 'sdp_client_policy_changed';

/**
 * The channel on which any replica's policy invalidation (PolicyInvalidation, in the transaction
 * that deletes cached policies) tells every replica to forget the ETags it remembers
 * (PolicyEtagCache). The payload is empty: invalidations are coarse and rare next to polls.
 */
export const POLICY_INVALIDATION_CHANNEL = 'sdp_client_policy_invalidated';

/** One client whose cached policy now has this ETag. */
export interface PolicyChange {
  clientId: string;
  etag: string;
}

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; stay well below it. */
const MAX_PAYLOAD_BYTES = 7_500;

/** Encodes changes as `clientId etag` lines, split into payloads below PostgreSQL's limit. */
export function encodePolicyChanges(changes: readonly PolicyChange[]): string[] {
  const payloads: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const { clientId, etag } of changes) {
    const line = `${clientId} ${etag}`;
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > MAX_PAYLOAD_BYTES && lines.length > 0) {
      payloads.push(lines.join('\n'));
      lines = [];
      bytes = 0;
    }
    lines.push(line);
    bytes += size;
  }
  if (lines.length > 0) {
    payloads.push(lines.join('\n'));
  }
  return payloads;
}

/** Decodes one payload; malformed lines are skipped (the channel is ours, but a bad line must not stop the others). */
export function decodePolicyChanges(payload: string): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const line of payload.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && space < line.length - 1) {
      changes.push({ clientId: line.slice(0, space), etag: line.slice(space + 1) });
    }
  }
  return changes;
}

/** Queues the notifications in the caller's transaction, in one statement; they are delivered, in order, when that commits. */
export async function notifyPolicyChanges(manager: EntityManager, changes: readonly PolicyChange[]): Promise<void> {
  const payloads = encodePolicyChanges(changes);
  if (payloads.length === 0) {
    return;
  }
  // Raw SQL: pg_notify has no ORM equivalent; one round trip for the whole batch (WITH ORDINALITY: the payloads' order kept).
  await manager.query(`SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, position) ORDER BY position`, [
    POLICY_CHANGE_CHANNEL,
    payloads,
  ]);
}
