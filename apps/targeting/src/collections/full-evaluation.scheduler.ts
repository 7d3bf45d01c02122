import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TargetingConfig } from '../config';
import { CollectionsService } from './collections.service';
import { SERVICE_CONFIG } from '@sdp/service';

/** Announces built-in collections at start, then runs scheduled full evaluations. */
@Injectable()
export class FullEvaluationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly collections: CollectionsService,
    @Inject(SERVICE_CONFIG) private readonly config: TargetingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.collections.announceBuiltIns();
    this.timer = setInterval(() => this.tick(), this.config.FULL_EVALUATION_CHECK_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run at a time; a failed run is retried at the next tick, since the collections stay due. */
  private tick(): void {
    this.running = this.running.then(() => this.collections.evaluateDue()).catch(() => undefined);
  }
}
