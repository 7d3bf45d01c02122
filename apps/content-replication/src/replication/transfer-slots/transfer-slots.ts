import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TransferSlotLeases } from './transfer-slot-leases';

/** Gives the slot back; calling it more than once has no further effect. */
export type ReleaseSlot = () => void;

export interface TransferSlotTimings {
  /** How often the leases are renewed: well within their length. */
  renewEveryMs: number;
  /** How long an unused leased slot is kept for the next copy before it goes back to the other replicas. */
  lingerMs?: number;
  /** How often a replica whose waiters found every slot leased elsewhere asks again. */
  retryLeaseMs?: number;
}

interface Waiter {
  grant: () => void;
  signal?: AbortSignal;
}

class Slots {
  /** Slot numbers this replica leased for the DP. */
  readonly leased: number[] = [];
  /** Of those, how many a copy uses right now. */
  held = 0;
  readonly waiters: Waiter[] = [];
  leasing = false;
  retryTimer?: NodeJS.Timeout;
  lingerTimer?: NodeJS.Timeout;

  constructor(public limit: number) {}
}

/**
 * Caps the transfers in flight per DP at its `maxConcurrentTransfers` across every job and every
 * replica (and, since each copy is paced at the DP's rate divided by that limit, within its rate).
 * A replica leases slots from the database as its copies need them, hands a slot straight to its
 * next waiting copy, and gives it back once unused for a moment, so a job of many small objects
 * costs database work only when it ramps up and down. Waiters are served in arrival order.
 */
export class TransferSlots implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TransferSlots');
  private readonly byDistributionPoint = new Map<string, Slots>();
  private renewTimer?: NodeJS.Timeout;

  private readonly renewEveryMs: number;
  private readonly lingerMs: number;
  private readonly retryLeaseMs: number;

  constructor(
    private readonly leases: TransferSlotLeases,
    timings: TransferSlotTimings,
  ) {
    this.renewEveryMs = timings.renewEveryMs;
    this.lingerMs = timings.lingerMs ?? 1000;
    this.retryLeaseMs = timings.retryLeaseMs ?? 250;
  }

  onApplicationBootstrap(): void {
    this.renewTimer = setInterval(() => {
      if (this.byDistributionPoint.size === 0) return;
      this.leases.renewAll().catch((error: Error) => this.logger.warn(`renewing transfer slot leases failed: ${error.message}`));
    }, this.renewEveryMs);
    this.renewTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.renewTimer);
    for (const slots of this.byDistributionPoint.values()) {
      clearTimeout(slots.retryTimer);
      clearTimeout(slots.lingerTimer);
    }
    await this.leases.giveBackAll().catch(() => undefined);
  }

  /** Waits for a free slot on `distributionPoint`; the latest `limit` seen applies to later grants. */
  acquire(distributionPoint: string, limit: number, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const slots = this.slotsOf(distributionPoint);
    slots.limit = Math.max(1, limit);
    if (slots.waiters.length === 0 && slots.held < Math.min(slots.leased.length, slots.limit)) {
      slots.held++;
      return Promise.resolve(this.releaser(distributionPoint, slots));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: () => resolve(this.releaser(distributionPoint, slots)), signal };
      slots.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = slots.waiters.indexOf(waiter);
          if (index >= 0) {
            slots.waiters.splice(index, 1);
            reject(signal.reason);
            this.settle(distributionPoint, slots);
          }
        },
        { once: true },
      );
      void this.serveWaiters(distributionPoint, slots);
    });
  }

  /**
   * A job is about to ask for up to `count` slots (it is still looking up which objects the DP
   * lacks): leases, in one statement and now, what this replica will lack of them, so the lease's
   * round trip runs alongside the lookups instead of before the first copies. Slots no copy takes
   * go back after the linger time, as any other unused slot. Never fails; a lease it could not get
   * is asked for again by `acquire`.
   */
  async prepare(distributionPoint: string, limit: number, count: number): Promise<void> {
    const slots = this.slotsOf(distributionPoint);
    slots.limit = Math.max(1, limit);
    const wanted = Math.min(count - (slots.leased.length - slots.held), slots.limit - slots.leased.length);
    if (slots.leasing || wanted <= 0) {
      this.settle(distributionPoint, slots);
      return;
    }
    slots.leasing = true;
    try {
      slots.leased.push(...(await this.lease(distributionPoint, slots, wanted)));
    } finally {
      slots.leasing = false;
    }
    // Serves the copies that asked meanwhile; what nobody takes starts lingering.
    await this.serveWaiters(distributionPoint, slots);
  }

  /** Transfers in flight on `distributionPoint` in this replica right now. */
  inUse(distributionPoint: string): number {
    return this.byDistributionPoint.get(distributionPoint)?.held ?? 0;
  }

  /** Slots of `distributionPoint` this replica holds a lease on, used or lingering. */
  leasedCount(distributionPoint: string): number {
    return this.byDistributionPoint.get(distributionPoint)?.leased.length ?? 0;
  }

  private slotsOf(distributionPoint: string): Slots {
    let slots = this.byDistributionPoint.get(distributionPoint);
    if (slots === undefined) {
      slots = new Slots(1);
      this.byDistributionPoint.set(distributionPoint, slots);
    }
    return slots;
  }

  private releaser(distributionPoint: string, slots: Slots): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slots.held--;
      void this.serveWaiters(distributionPoint, slots);
    };
  }

  /**
   * Grants waiters from unused leased slots, leasing more (as many as the waiters need) while under the limit; when every slot
   * is leased elsewhere, asks again shortly. One run per DP at a time.
   */
  private async serveWaiters(distributionPoint: string, slots: Slots): Promise<void> {
    if (slots.leasing) return;
    slots.leasing = true;
    try {
      while (slots.waiters.length > 0) {
        if (slots.held < Math.min(slots.leased.length, slots.limit)) {
          slots.held++;
          (slots.waiters.shift() as Waiter).grant();
          continue;
        }
        if (slots.leased.length >= slots.limit) break;
        // As many as the waiters need in one statement, so a job's copies start together.
        const wanted = Math.min(slots.waiters.length - (slots.leased.length - slots.held), slots.limit - slots.leased.length);
        const leased = await this.lease(distributionPoint, slots, wanted);
        if (leased.length === 0) {
          clearTimeout(slots.retryTimer);
          slots.retryTimer = setTimeout(() => void this.serveWaiters(distributionPoint, slots), this.retryLeaseMs);
          break;
        }
        slots.leased.push(...leased);
      }
    } finally {
      slots.leasing = false;
    }
    this.settle(distributionPoint, slots);
  }

  /** Leases up to `wanted` more slots under the DP's limit in one statement; none when the database refuses (logged). */
  private lease(distributionPoint: string, slots: Slots, wanted: number): Promise<number[]> {
    return this.leases.lease(distributionPoint, slots.limit, wanted).catch((error: Error) => {
      this.logger.warn(`leasing a transfer slot of ${distributionPoint} failed: ${error.message}`);
      return [];
    });
  }

  /** Unused slots go back after a moment (at once when over a lowered limit); an idle DP is forgotten. */
  private settle(distributionPoint: string, slots: Slots): void {
    clearTimeout(slots.lingerTimer);
    slots.lingerTimer = undefined;
    if (slots.waiters.length > 0 || slots.leasing) return;
    if (slots.leased.length > slots.held) {
      const giveBackUnused = (): void => {
        if (slots.waiters.length > 0 || slots.leasing) return;
        while (slots.leased.length > slots.held) {
          const slot = slots.leased.pop() as number;
          this.leases.giveBack(distributionPoint, slot).catch(() => undefined);
        }
        this.forgetIfIdle(distributionPoint, slots);
      };
      if (slots.leased.length > slots.limit) giveBackUnused();
      else slots.lingerTimer = setTimeout(giveBackUnused, this.lingerMs);
      return;
    }
    this.forgetIfIdle(distributionPoint, slots);
  }

  private forgetIfIdle(distributionPoint: string, slots: Slots): void {
    if (slots.held === 0 && slots.leased.length === 0 && slots.waiters.length === 0 && !slots.leasing) {
      clearTimeout(slots.retryTimer);
      if (this.byDistributionPoint.get(distributionPoint) === slots) this.byDistributionPoint.delete(distributionPoint);
    }
  }
}
