import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inSpanContinuing } from '@sdp/messaging';
import { ContentStore, SOURCE_STORE } from '@sdp/storage';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReplicationConfig } from '../../config';
import { describeStoreError, DistributionPointStores } from '../../distribution-points/distribution-point-stores';
import { JobOutcomes } from '../queue/job-outcomes';
import { QueueWakeups } from '../queue/queue-wakeups';
import { installVersion } from '../install/install-version';
import { trustedVersion } from '../install/delta';
import { SourceManifests, SourceManifestUse } from '../install/source-manifests';
import { JobContext } from './job-context';
import { releaseVersions } from '../removal/release-versions';
import { RemovalLock } from '../removal/removal-lock';
import { ClaimedJob, JobProgress, jobKind, ReplicationQueue } from '../queue/replication-queue';
import { ReplicationMetrics } from '../replication.metrics';
import { TransferSlots } from '../transfer-slots/transfer-slots';
import { validateVersion } from '../validation/validate-version';
import { SERVICE_CONFIG } from '@sdp/service';

const PROGRESS_FLUSH_MS = 500;
const SHUTDOWN_GRACE_MS = 10_000;

class LeaseLostError extends Error {
  constructor() {
    super('lease lost: another worker took the job over');
  }
}

class StoppingError extends Error {
  constructor() {
    super('service stopping');
  }
}

/**
 * Worker loops that drain the replication queue: each claims one (package, DP) row at a time,
 * keeps its lease alive while it works and records the outcome. Many loops (and replicas) share
 * the queue; a failing DP only ever occupies the loop that holds its row.
 */
@Injectable()
export class ReplicationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReplicationWorker');
  private readonly queue: ReplicationQueue;
  private readonly removalLock: RemovalLock;
  private readonly running = new Set<AbortController>();
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  /** Work was announced while no loop slept: the next loop to go idle claims once more first. */
  private announcedWhileBusy = false;
  private unsubscribe?: () => void;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReplicationConfig,
    @Inject(SOURCE_STORE) private readonly source: ContentStore,
    private readonly stores: DistributionPointStores,
    private readonly outcomes: JobOutcomes,
    private readonly transferSlots: TransferSlots,
    private readonly metrics: ReplicationMetrics,
    private readonly wakeups: QueueWakeups,
    private readonly sourceManifests: SourceManifests,
  ) {
    this.queue = new ReplicationQueue(dataSource, config.REPLICATION_LEASE_MS, config.VALIDATION_INTERVAL_SECONDS);
    this.removalLock = new RemovalLock(dataSource);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.wakeups.subscribe(() => this.wakeIdle());
    this.loops = Array.from({ length: this.config.REPLICATION_WORKERS }, (_, index) => this.loop(`${randomUUID()}#${index}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.wakeIdle();
    for (const controller of this.running) controller.abort(new StoppingError());
    await Promise.race([Promise.allSettled(this.loops), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  }

  private async loop(workerId: string): Promise<void> {
    while (!this.stopping) {
      let job: ClaimedJob | undefined;
      try {
        job = await this.queue.claim(workerId);
      } catch (error) {
        this.logger.warn(`claiming a job failed: ${(error as Error).message}`);
      }
      if (job === undefined) {
        await this.idle();
        continue;
      }
      const claimed = job;
      await inSpanContinuing(claimed.traceparent ?? undefined, `replication ${jobKind(claimed.state)}`, () => this.run(workerId, claimed), {
        'sdp.package_id': claimed.package_id,
        'sdp.distribution_point': claimed.distribution_point,
      });
    }
  }

  /** Sends every sleeping loop back to claiming, at once rather than after REPLICATION_POLL_MS. */
  private wakeIdle(): void {
    if (this.sleepers.size === 0) this.announcedWhileBusy = true;
    for (const wake of this.sleepers) wake();
  }

  private idle(): Promise<void> {
    if (this.announcedWhileBusy) {
      this.announcedWhileBusy = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.config.REPLICATION_POLL_MS);
      this.sleepers.add(wake);
    });
  }

  private async run(workerId: string, job: ClaimedJob): Promise<void> {
    const controller = new AbortController();
    this.running.add(controller);
    let latest: JobProgress | undefined;
    let flushed: JobProgress | undefined;
    let bytesCounted = 0;
    const flush = async (): Promise<void> => {
      if (latest !== undefined && latest !== flushed) {
        flushed = latest;
        await this.queue.reportProgress(workerId, job, latest).catch(() => undefined);
      }
    };
    const progressTimer = setInterval(() => void flush(), PROGRESS_FLUSH_MS);
    const heartbeatTimer = setInterval(() => {
      this.queue.heartbeat(workerId, job).then(
        (held) => held || controller.abort(new LeaseLostError()),
        () => undefined,
      );
    }, Math.max(100, Math.floor(this.config.REPLICATION_LEASE_MS / 3)));
    const kind = jobKind(job.state);
    const manifestUses: SourceManifestUse[] = [];
    try {
      const context: JobContext = {
        packageId: job.package_id,
        source: this.source,
        target: this.stores.open({
          endpoint: job.endpoint,
          publicEndpoint: job.public_endpoint,
          bucket: job.bucket,
          region: job.region,
          accessKey: job.access_key,
          secretKeyEncrypted: job.secret_key_encrypted,
        }),
        maxConcurrentTransfers: job.max_concurrent_transfers,
        rateLimitBytesPerSec: job.rate_limit_bytes_per_sec === null ? null : Number(job.rate_limit_bytes_per_sec),
        signal: controller.signal,
        reportProgress: (progress) => {
          latest = progress;
          this.metrics.copied(job.distribution_point, progress.bytesCopied - bytesCounted);
          bytesCounted = Math.max(bytesCounted, progress.bytesCopied);
        },
        acquireTransferSlot: () => this.transferSlots.acquire(job.distribution_point, job.max_concurrent_transfers, controller.signal),
        prepareTransferSlots: (count) => void this.transferSlots.prepare(job.distribution_point, job.max_concurrent_transfers, count),
        sourceManifest: (version) => {
          const use = this.sourceManifests.use(job.package_id, version);
          manifestUses.push(use);
          return use.read;
        },
      };
      // The install's outcome writes its final progress itself: no flush before it.
      await this.perform(workerId, job, kind, context, () => clearInterval(progressTimer));
    } catch (error) {
      clearInterval(progressTimer);
      await flush();
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof StoppingError) {
        await this.queue.release(workerId, job).catch(() => undefined);
      } else if (!(reason instanceof LeaseLostError)) {
        this.logger.warn(`${kind} of ${job.package_id} on ${job.distribution_point} failed: ${describeStoreError(error)}`);
        await this.queue
          .finish(workerId, job, (manager, row) => this.outcomes.failed(manager, job, kind, row, describeStoreError(error)))
          .catch((finishError: Error) => this.logger.warn(`recording a failure failed: ${finishError.message}`));
      }
    } finally {
      clearInterval(progressTimer);
      clearInterval(heartbeatTimer);
      for (const use of manifestUses) use.release();
      this.running.delete(controller);
    }
  }

  private async perform(workerId: string, job: ClaimedJob, kind: ReturnType<typeof jobKind>, context: JobContext, stopProgress: () => void): Promise<void> {
    if (kind === 'install') {
      const version = job.desired_version as number;
      const progress = await installVersion(context, version, trustedVersion(job, version), () =>
        job.no_removal ? Promise.resolve() : this.removalLock.awaitRemovals(job.distribution_point, context.signal),
      );
      stopProgress();
      await this.queue.finish(workerId, job, (manager, row) => this.outcomes.installed(manager, job, version, row, progress));
      if (job.installed_version !== null && job.installed_version !== version) {
        await this.releaseQuietly(context, job, [job.installed_version]);
      }
      return;
    }
    if (kind === 'remove') {
      await this.release(context, job);
      await this.queue.finish(workerId, job, (manager, row) => this.outcomes.removed(manager, job, row));
      return;
    }
    const version = job.installed_version as number;
    const report = await validateVersion(context, version);
    await this.queue.finish(workerId, job, (manager, row) => this.outcomes.validated(manager, job, version, row, report));
  }

  /** Takes the package's versions (all when none are named) off the job's DP, holding the DP's removal lock. */
  private release(context: JobContext, job: ClaimedJob, versions?: readonly number[]): Promise<number> {
    return this.removalLock.whileRemoving(job.distribution_point, async (manager) => {
      const leaving = (ref: { packageId: string; version: number }): boolean =>
        ref.packageId === job.package_id && (versions === undefined || versions.includes(ref.version));
      const inFlight = (await this.queue.inFlightOn(job.distribution_point, manager)).filter((ref) => !leaving(ref));
      return releaseVersions(context.target, context.source, { packageId: job.package_id, versions, inFlight });
    });
  }

  /** The old version goes once the new one is committed; leftovers are harmless, so failures only log. */
  private async releaseQuietly(context: JobContext, job: ClaimedJob, versions: number[]): Promise<void> {
    try {
      await this.release(context, job, versions);
    } catch (error) {
      this.logger.warn(`releasing ${job.package_id} v${versions.join(',')} on ${job.distribution_point} failed: ${describeStoreError(error)}`);
    }
  }
}
