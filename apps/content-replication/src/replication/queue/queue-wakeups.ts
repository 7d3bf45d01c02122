import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { backoffDelayMs } from '@sdp/messaging';
import { SERVICE_CONFIG } from '@sdp/service';
import { PostgresListener } from '@sdp/persistence';
import { EntityManager } from 'typeorm';
import { ReplicationConfig } from '../../config';

const DUE_CHANNEL = 'sdp_replication_due';
const RECONNECT_BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * Tells the idle workers of every replica, once the caller's transaction commits, that a row is
 * due now (queued, requeued, or asked to validate), so it starts without waiting out their poll.
 */
export async function announceDue(manager: EntityManager): Promise<void> {
  // Raw SQL: pg_notify has no ORM equivalent; PostgreSQL sends it on commit, once per transaction.
  await manager.query(`SELECT pg_notify($1, '')`, [DUE_CHANNEL]);
}

/**
 * One dedicated PostgreSQL connection per replica that LISTENs for `announceDue` and wakes this
 * replica's idle workers. NOTIFY is not durable, so the workers still poll (REPLICATION_POLL_MS):
 * while the connection is down, or for a row that becomes due by the clock (a retry's backoff, a
 * scheduled validation), work starts at the next poll as before.
 */
@Injectable()
export class QueueWakeups implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWakeups.name);
  private readonly listeners = new Set<() => void>();
  private readonly connection: PostgresListener;

  constructor(@Inject(SERVICE_CONFIG) config: ReplicationConfig) {
    this.connection = new PostgresListener({
      databaseUrl: config.DATABASE_URL,
      applicationName: 'sdp-replication-wakeups',
      channels: [DUE_CHANNEL],
      listensFor: 'due replication work',
      retryDelayMs: (failures) => backoffDelayMs(failures, RECONNECT_BACKOFF),
      onNotification: () => this.wakeAll(),
      // Whatever was announced while not listening is found now rather than at the next poll.
      onListening: () => this.wakeAll(),
      logger: this.logger,
    });
  }

  /** Calls `wake` on every announcement until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.stop();
  }

  private wakeAll(): void {
    for (const wake of this.listeners) wake();
  }
}
