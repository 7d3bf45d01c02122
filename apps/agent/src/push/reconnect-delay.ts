export interface ReconnectBounds {
  minMs: number;
  maxMs: number;
}

/**
 * The wait before reconnection attempt after `failures` (≥ 1) failures in a row: a random point
 * between `minMs` and an exponential ceiling (2 × minMs, 4 × minMs, … up to `maxMs`). Random, so
 * the agents a restarted replica dropped do not all come back in the same second.
 */
export function reconnectDelayMs(failures: number, bounds: ReconnectBounds, random: () => number = Math.random): number {
  const minMs = Math.min(bounds.minMs, bounds.maxMs);
  const ceiling = Math.min(bounds.maxMs, minMs * 2 ** Math.min(Math.max(failures, 1), 30));
  return Math.round(minMs + random() * (ceiling - minMs));
}
