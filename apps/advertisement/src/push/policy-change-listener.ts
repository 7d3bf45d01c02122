import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { backoffDelayMs } from '@sdp/messaging';
import { SERVICE_CONFIG } from '@sdp/service';
import { Client } from 'pg';
import type { AdvertisementConfig } from '../config';
import { NotificationStreams } from './notification-streams';
import { PolicyEtagCache } from '../policy/policy-etag-cache';
import { decodePolicyChanges, POLICY_CHANGE_CHANNEL, POLICY_INVALIDATION_CHANNEL } from './policy-change-channel';

const RECONNECT_BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * One dedicated PostgreSQL connection per replica that LISTENs on POLICY_CHANGE_CHANNEL, so a
 * policy made ready by any replica reaches the client's stream on whichever replica holds it.
 * NOTIFY is not durable: after (re)connecting this replica cannot know what it missed, so it tells
 * every client connected here to fetch (an ETag poll answered 304 costs little). The same connection
 * keeps this replica's remembered ETags (PolicyEtagCache) right: it hears every invalidation, and
 * the cache is only on while the connection listens.
 */
@Injectable()
export class PolicyChangeListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PolicyChangeListener.name);
  private client: Client | undefined;
  private running = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly streams: NotificationStreams,
    private readonly etags: PolicyEtagCache,
  ) {}

  /** Listens before the service takes requests; if the database is not there yet, keeps trying in the background. */
  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.etags.disable();
    await client?.end().catch(() => undefined);
  }

  /** Whether the LISTEN connection is up (for tests and diagnosis). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async listen(): Promise<void> {
    if (!this.running) {
      return;
    }
    const client = new Client({ connectionString: this.config.DATABASE_URL, keepAlive: true, application_name: 'sdp-advertisement-push' });
    // Without these listeners a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === POLICY_INVALIDATION_CHANNEL) {
        this.etags.clear();
      } else if (message.channel === POLICY_CHANGE_CHANNEL && message.payload) {
        const changes = decodePolicyChanges(message.payload);
        this.etags.forget(changes.map((change) => change.clientId));
        void this.streams.notify(changes);
      }
    });
    try {
      await client.connect();
      // Raw SQL: LISTEN has no ORM equivalent (the channel is a constant, not input).
      await client.query(`LISTEN ${POLICY_CHANGE_CHANNEL}; LISTEN ${POLICY_INVALIDATION_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.failures += 1;
      this.logger.warn(`cannot listen for policy changes (attempt ${this.failures}): ${(error as Error).message}`);
      this.retryLater();
      return;
    }
    if (!this.running) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.etags.enable();
    void this.streams.notifyAll();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) {
      return;
    }
    this.client = undefined;
    this.etags.disable();
    void client.end().catch(() => undefined);
    if (this.running) {
      this.failures += 1;
      this.logger.warn(`lost the policy change connection, reconnecting: ${error.message}`);
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.running) {
      this.retry = setTimeout(() => void this.listen(), backoffDelayMs(this.failures, RECONNECT_BACKOFF));
      this.retry.unref();
    }
  }
}
