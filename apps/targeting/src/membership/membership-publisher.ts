import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MembershipService } from './membership.service';

/** How often pending changes are looked for without being told: those of a replica that stopped before publishing them. */
const SWEEP_INTERVAL_MS = 1000;
/**
 * Runs start at most this often. A run publishes one delta per changed collection, so while
 * clients keep changing, the wait lets the changes of many clients share each collection's
 * delta: bench registration measured ~9 membership events a registration and ~17 an inventory
 * update with a run after every commit (1,000 collections). The first change after a quiet spell
 * goes at once.
 */
export const MIN_RUN_INTERVAL_MS = 500;

/**
 * Publishes the membership changes clients' evaluations leave pending, in batches: soon after a
 * client's change commits (publishSoon: at once, or when MIN_RUN_INTERVAL_MS has passed since the
 * last run began), and every second for whatever another replica left.
 * One run at a time in this replica; one at a time across replicas by the publisher lock.
 */
@Injectable()
export class MembershipPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MembershipPublisher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastRunStartedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.publishSoon(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes what is pending now; changes committed while a run goes on get one more run after it. */
  publishSoon(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runUntilDone().finally(() => {
      this.running = undefined;
    });
  }

  private async runUntilDone(): Promise<void> {
    do {
      const wait = this.lastRunStartedAt + MIN_RUN_INTERVAL_MS - Date.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      this.lastRunStartedAt = Date.now();
      this.again = false;
      try {
        await this.dataSource.transaction((manager) => this.membership.publishPendingChanges(manager));
      } catch (error) {
        // Left pending: the next run publishes it.
        this.logger.warn(`publishing membership changes failed: ${(error as Error).message}`);
        return;
      }
    } while (this.again);
  }
}
