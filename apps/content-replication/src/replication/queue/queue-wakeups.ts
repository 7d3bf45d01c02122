import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { backoffDelayMs } from '@sdp/messaging';
import { SERVICE_CONFIG } from '@sdp/service';
import { Client } from 'pg';
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
  private client: Client | undefined;
  private running = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ReplicationConfig) {}

  /** Calls `wake` on every announcement until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, keepAlive: true, application_name: 'sdp-replication-wakeups' });
    // Without these listeners a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', () => this.wakeAll());
    try {
      await client.connect();
      // Raw SQL: LISTEN has no ORM equivalent (the channel is a constant, not input).
      await client.query(`LISTEN ${DUE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.failures += 1;
      this.logger.warn(`cannot listen for due replication work (attempt ${this.failures}): ${(error as Error).message}`);
      this.retryLater();
      return;
    }
    if (!this.running) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    // Whatever was announced while not listening is found now rather than at the next poll.
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of this.listeners) wake();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.running) {
      this.failures += 1;
      this.logger.warn(`lost the connection listening for due replication work, reconnecting: ${error.message}`);
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (!this.running) return;
    this.retry = setTimeout(() => void this.listen(), backoffDelayMs(this.failures, RECONNECT_BACKOFF));
    this.retry.unref();
  }
}
