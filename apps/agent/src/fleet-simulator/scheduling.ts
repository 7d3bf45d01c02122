/**
 * A delay around `baseMs`, uniformly within ±`fraction` of it: thousands of simulated agents that
 * registered together drift apart instead of polling in lockstep.
 */
export function jittered(baseMs: number, fraction: number, random: () => number = Math.random): number {
  return Math.max(0, baseMs * (1 - fraction + 2 * fraction * random()));
}

/** At most `max` operations at a time; the others wait their turn in order. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new Error(`a limit must be a positive integer, not ${max}`);
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await operation();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next waiter: `running` stays as it is.
        next();
      } else {
        this.running -= 1;
      }
    }
  }
}
