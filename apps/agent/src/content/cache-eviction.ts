/** One package version held in the cache. */
export interface CacheEntry {
  key: string;
  sizeBytes: number;
  persist: boolean;
  /** Milliseconds since the epoch of the last run that used it. */
  lastUsedAt: number;
}

export type EvictionPlan = { fits: true; evict: string[] } | { fits: false; reason: 'larger-than-cache' | 'persisted-content-fills-cache' };

/**
 * Which entries to drop, least recently used first, so `neededBytes` more fit under the limit.
 * Persisted entries and those in use (the chain being run) are never dropped.
 */
export function planEviction(entries: readonly CacheEntry[], neededBytes: number, limitBytes: number, inUse: ReadonlySet<string>): EvictionPlan {
  if (neededBytes > limitBytes) {
    return { fits: false, reason: 'larger-than-cache' };
  }
  let used = entries.reduce((total, entry) => total + entry.sizeBytes, 0);
  const evict: string[] = [];
  const candidates = entries.filter((entry) => !entry.persist && !inUse.has(entry.key)).sort((left, right) => left.lastUsedAt - right.lastUsedAt);
  for (const entry of candidates) {
    if (used + neededBytes <= limitBytes) {
      break;
    }
    evict.push(entry.key);
    used -= entry.sizeBytes;
  }
  return used + neededBytes <= limitBytes ? { fits: true, evict } : { fits: false, reason: 'persisted-content-fills-cache' };
}
