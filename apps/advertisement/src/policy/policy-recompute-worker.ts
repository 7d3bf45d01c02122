import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ServiceMetrics } from '@sdp/observability';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { computePolicies, storePolicies } from './policy-computation';
import { RecentPolicies } from './recent-policies';

/** Clients claimed and computed together: their inputs are read in a constant number of queries. */
export const RECOMPUTE_BATCH = 1000;
/** Loops per replica: while one waits on the database, another builds policies. */
export const RECOMPUTE_LOOPS = 2;
/** The wait after a batch that emptied the queue; doubled while it stays empty, up to the maximum: a change waits at most a quarter second for its worker (a claim on an empty queue is one index probe). */
export const RECOMPUTE_POLL_MS = 50;
export const RECOMPUTE_IDLE_MAX_MS = 250;

/** How long to wait before the next claim, from the size of the last claim and the previous wait. */
export function nextRecomputeWait(claimed: number, previousWaitMs: number): number {
  if (claimed >= RECOMPUTE_BATCH) {
    return 0;
  }
  if (claimed > 0) {
    return RECOMPUTE_POLL_MS;
  }
  return Math.min(RECOMPUTE_IDLE_MAX_MS, Math.max(RECOMPUTE_POLL_MS, previousWaitMs * 2));
}

/**
 * Drains the policy recompute queue that invalidations fill, so polls find their policy ready:
 * claims the oldest batch (SKIP LOCKED: every replica runs a worker of RECOMPUTE_LOOPS loops, each takes other clients),
 * computes the batch (computePolicies) and stores it (storePolicies), with the stored ETags on the
 * policy change channel, and keeps the batch's policies for this replica's push events (RecentPolicies). Polls the queue every RECOMPUTE_POLL_MS while it has work, backing off
 * to RECOMPUTE_IDLE_MAX_MS when idle. A failed batch is logged, queued again and retried.
 */
@Injectable()
export class PolicyRecomputeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PolicyRecomputeWorker.name);
  private readonly recomputed: Counter;
  private readonly batchDuration: Histogram;
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: ServiceMetrics,
    private readonly recent: RecentPolicies,
  ) {
    this.recomputed = new Counter({
      name: 'sdp_policy_recomputed_total',
      help: 'Client policies computed and stored by the recompute worker',
      registers: [metrics.registry],
    });
    this.batchDuration = new Histogram({
      name: 'sdp_policy_recompute_batch_seconds',
      help: 'Duration of one recompute batch: claim, read inputs, build and store',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'sdp_policy_recompute_queue_depth',
      help: 'Clients waiting for their policy to be recomputed',
      registers: [metrics.registry],
      async collect() {
        // Raw SQL: one count of the queue per scrape.
        const [{ depth }]: { depth: number }[] = await dataSource.query(`SELECT count(*)::int AS depth FROM policy_recompute_queue`);
        this.set(depth);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Before the data source closes: the batch in hand finishes, no new one starts. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts the loop; tests stop it to step through batches with `recomputeBatch` themselves. */
  start(): void {
    if (this.loops.length === 0) {
      this.stopping = false;
      this.loops = Array.from({ length: RECOMPUTE_LOOPS }, () => this.run());
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async run(): Promise<void> {
    let waitMs = RECOMPUTE_POLL_MS;
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.recomputeBatch();
      } catch (error) {
        this.logger.warn(`policy recompute batch failed, retrying: ${(error as Error).message}`);
      }
      waitMs = nextRecomputeWait(claimed, waitMs);
      if (waitMs > 0) {
        await this.sleep(waitMs);
      }
    }
  }

  /** One batch; returns how many clients it claimed. */
  async recomputeBatch(): Promise<number> {
    const started = performance.now();
    // Raw SQL: the queue claim: the oldest rows locked (FOR UPDATE SKIP LOCKED) and deleted by ctid, a TID scan whatever the
    // planner believes of the queue's size (a join to the pick was planned as a nested loop over the whole queue); a SELECT
    // around it, so TypeORM answers the rows.
    const claimed: { client_id: string }[] = await this.dataSource.query(
      `WITH claimed AS (
         DELETE FROM policy_recompute_queue
         WHERE ctid = ANY(ARRAY(SELECT ctid FROM policy_recompute_queue ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED))
         RETURNING client_id::text
       )
       SELECT client_id FROM claimed`,
      [RECOMPUTE_BATCH],
    );
    if (claimed.length === 0) {
      return 0;
    }
    const clientIds = claimed.map((row) => row.client_id);
    try {
      const batch = await computePolicies(this.dataSource, clientIds);
      // A client unknown here (deleted, or not yet registered) gets no cached policy; a poll computes one.
      const known = batch.policies.filter((policy) => policy.known);
      // Kept for this replica's push events before the notification can be heard (RecentPolicies).
      this.recent.add(known);
      const stored = await storePolicies(this.dataSource, { ...batch, policies: known });
      this.recomputed.inc(stored.length);
      this.batchDuration.observe((performance.now() - started) / 1000);
      return claimed.length;
    } catch (error) {
      await this.requeue(clientIds);
      throw error;
    }
  }

  private async requeue(clientIds: string[]): Promise<void> {
    // Raw SQL: one set-based insert puts a failed batch back (ON CONFLICT: queued again meanwhile).
    await this.dataSource.query(`INSERT INTO policy_recompute_queue (client_id) SELECT unnest($1::uuid[]) ON CONFLICT (client_id) DO NOTHING`, [clientIds]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
