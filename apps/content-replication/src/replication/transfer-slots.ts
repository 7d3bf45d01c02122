import { Injectable } from '@nestjs/common';

/** Gives the slot back; calling it more than once has no further effect. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: () => void;
  signal?: AbortSignal;
}

class Slots {
  limit: number;
  held = 0;
  readonly waiters: Waiter[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }
}

/**
 * Caps the transfers in flight per DP across every job of this process, so two packages going to
 * one DP together stay within its `maxConcurrentTransfers` (and, since each copy is paced at the
 * DP's rate divided by that limit, within its rate). Replicas each have their own slots.
 */
@Injectable()
export class TransferSlots {
  private readonly byDistributionPoint = new Map<string, Slots>();

  /** Waits for a free slot on `distributionPoint`; the latest `limit` seen applies to later grants. */
  acquire(distributionPoint: string, limit: number, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    let slots = this.byDistributionPoint.get(distributionPoint);
    if (slots === undefined) {
      slots = new Slots(limit);
      this.byDistributionPoint.set(distributionPoint, slots);
    }
    slots.limit = Math.max(1, limit);
    const owner = slots;
    if (owner.held < owner.limit && owner.waiters.length === 0) {
      owner.held++;
      return Promise.resolve(this.releaser(distributionPoint, owner));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: () => resolve(this.releaser(distributionPoint, owner)), signal };
      owner.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = owner.waiters.indexOf(waiter);
          if (index >= 0) {
            owner.waiters.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  /** Transfers in flight on `distributionPoint` right now. */
  inUse(distributionPoint: string): number {
    return this.byDistributionPoint.get(distributionPoint)?.held ?? 0;
  }

  private releaser(distributionPoint: string, slots: Slots): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slots.held--;
      this.grantWaiting(slots);
      if (slots.held === 0 && slots.waiters.length === 0) this.byDistributionPoint.delete(distributionPoint);
    };
  }

  private grantWaiting(slots: Slots): void {
    while (slots.held < slots.limit && slots.waiters.length > 0) {
      const waiter = slots.waiters.shift() as Waiter;
      slots.held++;
      waiter.grant();
    }
  }
}
