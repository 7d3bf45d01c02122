import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogConfig } from '../config';
import { SourceRefreshService } from './source-refresh.service';
import { SERVICE_CONFIG } from '@sdp/service';

const BATCH = 20;

/**
 * Every CATALOG_SOURCE_SCAN_SECONDS, claims the packages whose sourceRefreshMinutes have elapsed
 * and refreshes them one by one. The claim moves source_checked_at under the package row lock
 * (SKIP LOCKED), so one package is refreshed by one instance per period.
 */
@Injectable()
export class SourceRefreshScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SourceRefreshScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
    private readonly refreshes: SourceRefreshService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.CATALOG_SOURCE_SCAN_SECONDS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.refreshDue().finally(() => (this.running = undefined));
    }, this.config.CATALOG_SOURCE_SCAN_SECONDS * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async refreshDue(): Promise<void> {
    try {
      // Raw SQL: due packages claimed in one statement (FOR UPDATE SKIP LOCKED), so replicas never refresh the same one.
      // A SELECT around the UPDATE, so TypeORM answers the rows rather than [rows, count].
      const claimed: { id: string }[] = await this.dataSource.query(
        `WITH claimed AS (UPDATE package SET source_checked_at = now() WHERE id IN (
           SELECT id FROM package
            WHERE source_config IS NOT NULL AND has_source AND source_refresh_minutes IS NOT NULL
              AND (source_checked_at IS NULL OR source_checked_at + source_refresh_minutes * interval '1 minute' <= now())
            ORDER BY source_checked_at NULLS FIRST, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id)
         SELECT id FROM claimed`,
        [BATCH],
      );
      for (const { id } of claimed) {
        await this.refreshes.refresh(id).then(
          (outcome) => this.logger.log(`source of ${id}: ${outcome.changed ? `published version ${outcome.published.version}` : `unchanged at version ${outcome.version}`}`),
          (error: unknown) => this.logger.warn(`source of ${id} could not be refreshed: ${(error as Error).message}`),
        );
      }
    } catch (error) {
      this.logger.warn(`scheduled source refresh failed: ${(error as Error).message}`);
    }
  }
}
