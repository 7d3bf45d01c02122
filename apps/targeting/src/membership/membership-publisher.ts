import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MembershipService } from './membership.service';

/** How often pending changes are looked for without being told: those of a replica that stopped before publishing them. */
const SWEEP_INTERVAL_MS = 1000;

/**
 * Publishes the membership changes clients' evaluations leave pending, in batches: right after a
 * client's change commits (publishSoon), and every second for whatever another replica left.
 * One run at a time in this replica; one at a time across replicas by the publisher lock.
 */
@Injectable()
export class MembershipPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MembershipPublisher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

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
