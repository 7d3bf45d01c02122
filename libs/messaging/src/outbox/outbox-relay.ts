import type { MessagingMetrics } from '../metrics';
import { Client } from 'pg';
import { MessageProducer } from '../port';
import { describeError, MessagingLogger } from '../logger';
import { backoffDelayMs } from '../backoff';
import { isInfrastructureError } from '../database-errors';
import { OutboxRow, planSends } from './send-plan';

export interface OutboxRelayOptions {
  /** The service's own database, where its outbox is. */
  databaseUrl: string;
  producer: MessageProducer;
  logger: MessagingLogger;
  /** Rows read and published per round. Default 500. */
  batchSize?: number;
  /** How often the active relay looks for new rows when the last batch was not full. Default 100 ms (an index probe). */
  pollIntervalMs?: number;
  /** How often a standby relay tries to become the active one. Default 2 s. */
  lockRetryMs?: number;
  /** Published rows are deleted after this long. Default 1 h. */
  retentionMs?: number;
  /** How often old published rows are deleted. Default 1 min. */
  cleanupIntervalMs?: number;
  /** Upper bound of the payload bytes of one send. Default 512 KiB. */
  maxSendBytes?: number;
  /** Names the advisory lock; relays of one database with the same name exclude each other. */
  lockName?: string;
  /**
   * The server ends the relay's session after it sent nothing for this long, and with it the lock,
   * so a relay that froze or was cut off from the database (no FIN reached the server) does not
   * keep the others out for the operating system's TCP timeout (hours). Default 30 s; the active
   * relay queries at least every `pollIntervalMs`, so it only trips on a send stuck that long.
   */
  idleSessionTimeoutMs?: number;
  metrics?: MessagingMetrics;
}

export interface OutboxRelayStats {
  leader: boolean;
  /** Rows this relay published and marked since it started. */
  published: number;
}

interface Settings {
  batchSize: number;
  pollIntervalMs: number;
  lockRetryMs: number;
  retentionMs: number;
  cleanupIntervalMs: number;
  maxSendBytes: number;
  lockName: string;
  idleSessionTimeoutMs: number;
}

const CLEANUP_CHUNK = 5_000;

/** A send the broker did not acknowledge; unlike a database failure, it leaves the lock alone. */
class PublishError extends Error {
  constructor(readonly failure: unknown) {
    super(`publishing failed: ${describeError(failure).error}`);
  }
}

/**
 * Publishes the outbox. One relay per service database is active: it holds a session-level
 * advisory lock on its own connection and does all its reading and marking on that
 * connection, so a relay that loses the connection loses the lock and can mark nothing more.
 * Rows go out in ID order (per aggregate that is sequence order) and are marked after the
 * broker acknowledged them; a crash in between sends them again, which the inbox absorbs.
 */
export class OutboxRelay {
  private readonly settings: Settings;
  private running = false;
  private loop: Promise<void> | undefined;
  private client: Client | undefined;
  private connectionBroken = false;
  private leader = false;
  private published = 0;
  private lastCleanup = 0;
  private wakeUp: (() => void) | undefined;
  private wokenEarly = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.settings = {
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      lockRetryMs: options.lockRetryMs ?? 2_000,
      retentionMs: options.retentionMs ?? 3_600_000,
      cleanupIntervalMs: options.cleanupIntervalMs ?? 60_000,
      maxSendBytes: options.maxSendBytes ?? 512 * 1024,
      lockName: options.lockName ?? 'sdp.outbox-relay',
      idleSessionTimeoutMs: options.idleSessionTimeoutMs ?? 30_000,
    };
  }

  /** Starts competing for the lock and publishing in the background. */
  start(): void {
    if (this.running) {
      throw new Error('outbox relay is already running');
    }
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, releases the lock and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  stats(): OutboxRelayStats {
    return { leader: this.leader, published: this.published };
  }

  private async run(): Promise<void> {
    let consecutiveFailures = 0;
    while (this.running) {
      try {
        await this.step();
        consecutiveFailures = 0;
      } catch (error) {
        consecutiveFailures += 1;
        this.options.logger.warn({ ...describeError(error), consecutiveFailures }, 'outbox relay step failed');
        if (this.connectionBroken || (!(error instanceof PublishError) && isInfrastructureError(error))) {
          await this.disconnect();
        }
        await this.pause(backoffDelayMs(consecutiveFailures, { initialMs: 200, maxMs: 5_000 }));
      }
    }
    await this.disconnect();
  }

  /** One round: connect, become leader, publish what is there, then wait for more. */
  private async step(): Promise<void> {
    if (this.connectionBroken) {
      await this.disconnect();
    }
    const client = await this.connection();
    if (!this.leader) {
      // A connection lost while asking took the lock (if granted) with it.
      this.leader = (await this.tryLead(client)) && !this.connectionBroken;
      if (!this.leader) {
        await this.pause(this.settings.lockRetryMs);
        return;
      }
    }
    const count = await this.publishBatch(client);
    if (count === this.settings.batchSize) {
      return;
    }
    await this.cleanupIfDue(client);
    await this.pause(this.settings.pollIntervalMs);
  }

  private async tryLead(client: Client): Promise<boolean> {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
      this.settings.lockName,
    ]);
    if (!result.rows[0]?.locked) {
      return false;
    }
    this.options.logger.info({ lock: this.settings.lockName }, 'outbox relay is the active one');
    return true;
  }

  private async publishBatch(client: Client): Promise<number> {
    const result = await client.query<{ id: string; topic: string; message_key: string; payload: string; headers: Record<string, string> }>(
      `SELECT id, topic, message_key, payload::text AS payload, headers
       FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.settings.batchSize],
    );
    if (result.rows.length === 0) {
      return 0;
    }
    const rows: OutboxRow[] = result.rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      messageKey: row.message_key,
      payload: row.payload,
      headers: row.headers,
    }));
    const sends = planSends(rows, this.settings.maxSendBytes);
    for (const send of sends) {
      try {
        await this.options.producer.send(send.topic, send.messages);
      } catch (error) {
        throw new PublishError(error);
      }
    }
    // By ID list, never by range: a row with a lower ID may commit after this batch was read.
    await client.query('UPDATE outbox_event SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
    this.published += rows.length;
    for (const send of sends) {
      this.options.metrics?.published(send.topic, send.messages.length);
    }
    return rows.length;
  }

  private async cleanupIfDue(client: Client): Promise<void> {
    if (Date.now() - this.lastCleanup < this.settings.cleanupIntervalMs) {
      return;
    }
    this.lastCleanup = Date.now();
    let deleted = 0;
    for (;;) {
      const result = await client.query(
        `DELETE FROM outbox_event WHERE id IN (
           SELECT id FROM outbox_event
           WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)
           LIMIT $2)`,
        [this.settings.retentionMs / 1000, CLEANUP_CHUNK],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < CLEANUP_CHUNK || !this.running) {
        break;
      }
    }
    if (deleted > 0) {
      this.options.logger.debug({ deleted }, 'old published outbox rows deleted');
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) {
      return this.client;
    }
    const client = new Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      application_name: 'sdp-outbox-relay',
      // The lock must not outlive a relay that stopped talking (see idleSessionTimeoutMs).
      options: `-c idle_session_timeout=${Math.round(this.settings.idleSessionTimeoutMs)}`,
    });
    this.connectionBroken = false;
    // Without these listeners a dropped connection would crash the process.
    client.on('error', (error) => this.onConnectionLost(client, error));
    client.on('end', () => this.onConnectionLost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.connectionBroken = true;
      throw error;
    }
    return client;
  }

  private onConnectionLost(client: Client, error: Error): void {
    if (this.client !== client) {
      return;
    }
    if (this.leader) {
      this.options.logger.warn(describeError(error), 'outbox relay lost its database connection and with it the lock');
    }
    this.connectionBroken = true;
    this.leader = false;
    this.wake();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    if (!client) {
      return;
    }
    try {
      // Ending the session releases the advisory lock.
      await client.end();
    } catch (error) {
      this.options.logger.debug(describeError(error), 'outbox relay connection close');
    }
  }

  /** Waits `ms`, or less when a lost connection or stop() comes first. */
  private pause(ms: number): Promise<void> {
    if (this.wokenEarly || !this.running) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    if (this.wakeUp) {
      this.wakeUp();
    } else {
      this.wokenEarly = true;
    }
  }
}
