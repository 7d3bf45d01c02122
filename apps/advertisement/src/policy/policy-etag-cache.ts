import { Injectable } from '@nestjs/common';

/** How many clients' ETags a replica keeps: about 150 bytes each. */
export const POLICY_ETAG_CACHE_SIZE = 200_000;

interface Entry {
  etag: string;
  /** ms since the epoch; the policy changes by itself then (an assignment's time). */
  validUntil: number;
}

/**
 * This replica's memory of the ETags of stored policies, so the common poll — an unchanged policy,
 * answered 304 — reads no database. It is right only while the replica hears of every change, so
 * the LISTEN connection (PolicyChangeListener) turns it on once it listens and off (emptied) when
 * it loses the connection; any replica's invalidation empties it, and each stored policy's change
 * notification drops that client's entry. An ETag read from the database is kept only when nothing
 * emptied the cache while it was being read (the generation), so a read that raced a change never
 * outlives it.
 */
@Injectable()
export class PolicyEtagCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private enabled = false;
  /** Settable for tests of the bound. */
  maxEntries = POLICY_ETAG_CACHE_SIZE;

  /** The ETag known for the client, if the cache is on and its policy has not run out. */
  get(clientId: string, now = Date.now()): string | undefined {
    const entry = this.entries.get(clientId);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.validUntil <= now) {
      this.entries.delete(clientId);
      return undefined;
    }
    return entry.etag;
  }

  /** Taken before reading an ETag from the database, handed back to remember(); null while the cache is off. */
  beginRead(): number | null {
    return this.enabled ? this.generation : null;
  }

  remember(clientId: string, etag: string, validUntil: Date | null, readGeneration: number | null): void {
    if (readGeneration === null || readGeneration !== this.generation || !this.enabled) {
      return;
    }
    if (!this.entries.has(clientId) && this.entries.size >= this.maxEntries) {
      // The oldest entry goes (a Map iterates in insertion order).
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(clientId, { etag, validUntil: validUntil === null ? Infinity : validUntil.getTime() });
  }

  /** These clients' policies were stored anew; a read in flight may have seen the old ETag, so it is not kept either. */
  forget(clientIds: Iterable<string>): void {
    this.generation += 1;
    for (const clientId of clientIds) {
      this.entries.delete(clientId);
    }
  }

  /** Some policies were invalidated (any replica), or changes may have been missed. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** The replica hears every change from now on. */
  enable(): void {
    this.clear();
    this.enabled = true;
  }

  /** The replica may miss changes: nothing is answered from memory until it hears them again. */
  disable(): void {
    this.enabled = false;
    this.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
