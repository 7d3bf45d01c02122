import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG } from '@sdp/service';
import { AdvertisementConfig } from '../config';
import { RolloutService } from './rollout.service';

/**
 * When rollouts are evaluated: soon after status reports about their advertisement arrive
 * (debounced per advertisement: a burst of reports costs one evaluation, off the ingest's path),
 * after a phase opened or a control that lets the rollout move, and on a timer (automatic gates'
 * delays, content arriving on DPs, another replica's reports). Evaluations of one replica run one
 * at a time; replicas skip a rollout another is evaluating.
 */
@Injectable()
export class RolloutGates implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RolloutGates.name);
  private readonly pending = new Set<string>();
  private debounce: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly rollouts: RolloutService,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.evaluateMoving(), this.config.ROLLOUT_GATE_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    await this.chain;
  }

  /** Reports about these advertisements were stored: evaluate their rollouts (if they have one) soon. */
  evaluateSoon(advertisementIds: Iterable<string>): void {
    for (const id of advertisementIds) {
      this.pending.add(id);
    }
    if (this.pending.size > 0 && this.debounce === undefined && !this.stopping) {
      this.debounce = setTimeout(() => {
        this.debounce = undefined;
        const ids = [...this.pending];
        this.pending.clear();
        this.enqueue(ids);
      }, this.config.ROLLOUT_REPORT_DEBOUNCE_MS);
    }
  }

  /** Every rollout that can still move, now (the timer's round; tests call it to step). */
  evaluateMoving(): Promise<void> {
    return this.enqueue(undefined);
  }

  private enqueue(ids: string[] | undefined): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.stopping) {
        return;
      }
      let moving: string[];
      try {
        moving = ids ?? (await this.rollouts.moving());
      } catch (error) {
        this.logger.warn(`rollouts to evaluate not read, the next round tries again: ${(error as Error).message}`);
        return;
      }
      for (const id of moving) {
        try {
          if ((await this.rollouts.evaluate(id, { skipLocked: ids === undefined })) === 'opened') {
            this.evaluateSoon([id]);
          }
        } catch (error) {
          this.logger.warn(`rollout evaluation of ${id} failed, the next round tries again: ${(error as Error).message}`);
        }
      }
    });
    return this.chain;
  }
}
