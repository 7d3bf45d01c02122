import { Client } from 'pg';

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export interface PostgresListenerOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity, to tell the connection apart. */
  applicationName: string;
  /** The channels to LISTEN on: constants of the code (lower-case identifiers), never input. */
  channels: readonly string[];
  /** What the connection listens for, for the log ("policy changes"). */
  listensFor: string;
  /** How long to wait before the next attempt after this many failures in a row. */
  retryDelayMs(failures: number): number;
  onNotification(channel: string, payload: string | undefined): void;
  /**
   * The connection listens, the first time or again after it was lost. NOTIFY is not durable:
   * whatever was sent while it was not listening is gone, so the owner looks for it itself.
   */
  onListening(): void;
  /** The connection was lost; it is being re-opened. */
  onLost?(): void;
  logger: { warn(message: string): void };
}

/**
 * One dedicated PostgreSQL connection that LISTENs on some channels and re-opens itself with
 * backoff when it fails or is lost, until stopped. Used where a replica must hear at once what
 * another replica's transaction announced with pg_notify.
 */
export class PostgresListener {
  private client: Client | undefined;
  private running = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: PostgresListenerOptions) {
    const invalid = options.channels.filter((channel) => !CHANNEL_NAME.test(channel));
    if (invalid.length > 0) {
      throw new Error(`not a channel name: ${invalid.join(', ')}`);
    }
  }

  /** Whether the connection listens now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Listens; if the database is not there yet, goes on trying in the background. */
  async start(): Promise<void> {
    this.running = true;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (!this.running) {
      return;
    }
    const client = new Client({ connectionString: this.options.databaseUrl, keepAlive: true, application_name: this.options.applicationName });
    // Without these listeners a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => this.options.onNotification(message.channel, message.payload));
    try {
      await client.connect();
      // Raw SQL: LISTEN has no ORM equivalent (the channels are checked constants, not input).
      await client.query(this.options.channels.map((channel) => `LISTEN ${channel}`).join('; '));
    } catch (error) {
      await client.end().catch(() => undefined);
      this.failures += 1;
      this.options.logger.warn(`cannot listen for ${this.options.listensFor} (attempt ${this.failures}): ${(error as Error).message}`);
      this.retryLater();
      return;
    }
    if (!this.running) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.options.onListening();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) {
      return;
    }
    this.client = undefined;
    this.options.onLost?.();
    void client.end().catch(() => undefined);
    if (this.running) {
      this.failures += 1;
      this.options.logger.warn(`lost the connection listening for ${this.options.listensFor}, reconnecting: ${error.message}`);
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.running) {
      this.retry = setTimeout(() => void this.listen(), this.options.retryDelayMs(this.failures));
      this.retry.unref();
    }
  }
}
