import { Injectable } from '@nestjs/common';

/** How many computed policies a replica keeps for its push events: a few of its worker's batches. */
export const RECENT_POLICIES_SIZE = 4000;

/** A policy as a push event carries it: its ETag and its JSON text. */
export interface PushablePolicy {
  etag: string;
  json: string;
}

interface Entry extends PushablePolicy {
  /** ms since the epoch; Infinity when the policy does not run out. */
  validUntil: number;
}

/**
 * The policies this replica's recompute worker computed last, as JSON text, by client: a change
 * notification for one of them (same client, same ETag: the ETag is a hash of that JSON, so the text
 * is the policy the change names) is pushed without reading the policy back from the database, and
 * without parsing and serialising it again. Taken once: an entry is dropped when its notification
 * is handled. Bounded (the oldest go): a notification that finds nothing here reads the database.
 */
@Injectable()
export class RecentPolicies {
  private readonly entries = new Map<string, Entry>();
  /** Settable for tests of the bound. */
  maxEntries = RECENT_POLICIES_SIZE;

  /** Before the batch is stored, so its notification, however soon it is heard, finds it. */
  add(policies: readonly { clientId: string; etag: string; json: string; validUntil: Date | null }[]): void {
    for (const { clientId, etag, json, validUntil } of policies) {
      const key = clientId.toLowerCase();
      this.entries.delete(key);
      if (this.entries.size >= this.maxEntries) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
      this.entries.set(key, { etag, json, validUntil: validUntil === null ? Infinity : validUntil.getTime() });
    }
  }

  /** The client's policy with this ETag if computed here and still valid; its entry goes (a newer one for the client stays). */
  take(clientId: string, etag: string, now = Date.now()): PushablePolicy | undefined {
    const key = clientId.toLowerCase();
    const entry = this.entries.get(key);
    if (entry === undefined || entry.etag !== etag) {
      return undefined;
    }
    this.entries.delete(key);
    return entry.validUntil > now ? { etag: entry.etag, json: entry.json } : undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}
