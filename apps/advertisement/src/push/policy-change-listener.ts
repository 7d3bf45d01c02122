import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { backoffDelayMs } from '@sdp/messaging';
import { SERVICE_CONFIG } from '@sdp/service';
import { PostgresListener } from '@sdp/persistence';
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
  private readonly connection: PostgresListener;

  constructor(
    @Inject(SERVICE_CONFIG) config: AdvertisementConfig,
    private readonly streams: NotificationStreams,
    private readonly etags: PolicyEtagCache,
  ) {
    this.connection = new PostgresListener({
      databaseUrl: config.DATABASE_URL,
      applicationName: 'sdp-advertisement-push',
      channels: [POLICY_CHANGE_CHANNEL, POLICY_INVALIDATION_CHANNEL],
      listensFor: 'policy changes',
      retryDelayMs: (failures) => backoffDelayMs(failures, RECONNECT_BACKOFF),
      onNotification: (channel, payload) => this.heard(channel, payload),
      onListening: () => {
        this.etags.enable();
        void this.streams.notifyAll();
      },
      onLost: () => this.etags.disable(),
      logger: this.logger,
    });
  }

  /** Listens before the service takes requests; if the database is not there yet, keeps trying in the background. */
  async onApplicationBootstrap(): Promise<void> {
    await this.connection.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.etags.disable();
    await this.connection.stop();
  }

  /** Whether the LISTEN connection is up (for tests and diagnosis). */
  get listening(): boolean {
    return this.connection.listening;
  }

  private heard(channel: string, payload: string | undefined): void {
    if (channel === POLICY_INVALIDATION_CHANNEL) {
      this.etags.clear();
    } else if (channel === POLICY_CHANGE_CHANNEL && payload) {
      const changes = decodePolicyChanges(payload);
      this.etags.forget(changes.map((change) => change.clientId));
      void this.streams.notify(changes);
    }
  }
}
