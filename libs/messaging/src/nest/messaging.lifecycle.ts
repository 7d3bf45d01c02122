import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SdpEvent, validateEvent } from '@sdp/contracts';
import { ServiceMetrics } from '@sdp/observability';
import { DataSource } from 'typeorm';
import { backoffDelayMs, sleep } from '../backoff';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { describeError, MessagingLogger } from '../logger';
import { OutboxRelay } from '../outbox/outbox-relay';
import { MessagingMetrics, noMetrics } from '../metrics';
import { MessageProducer, MessagingClient, TopicAdmin } from '../port';
import { ensurePlatformTopics, unlistedConsumption } from '../topics';
import { EventConsumers } from './event-consumers';
import { ConsumerLagMetrics } from './consumer-lag.metrics';
import { registerMessagingMetrics } from './messaging.metrics';
import { MESSAGING_CLIENT, MESSAGING_LOGGER, MESSAGING_OPTIONS, MessagingModuleOptions } from './messaging.options';

/**
 * Brings Kafka up for a service without holding up its HTTP side: creates the topics (retrying
 * while Kafka is unreachable), then starts the outbox relay and the registered consumers.
 * Readiness reports Kafka down until the topics exist.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly admin: TopicAdmin;
  private readonly relayProducer: MessageProducer;
  private readonly deadLetterProducer: MessageProducer;
  private relay?: OutboxRelay;
  private readonly inboxes: InboxConsumer<SdpEvent>[] = [];
  private topicsReady = false;
  private stopping = false;
  private starting?: Promise<void>;
  private readonly metrics: MessagingMetrics;
  private consumerLag?: ConsumerLagMetrics;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CLIENT) private readonly client: MessagingClient,
    @Inject(MESSAGING_LOGGER) private readonly logger: MessagingLogger,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
    @Optional() private readonly serviceMetrics?: ServiceMetrics,
  ) {
    this.metrics = serviceMetrics ? registerMessagingMetrics(serviceMetrics.registry, dataSource) : noMetrics;
    this.admin = client.createAdmin();
    this.relayProducer = client.createProducer();
    this.deadLetterProducer = client.createProducer();
  }

  onApplicationBootstrap(): void {
    const unlisted = unlistedConsumption(this.options.service, this.consumers.list());
    if (unlisted) {
      throw new Error(unlisted);
    }
    this.starting = this.start().catch((error: unknown) => this.logger.error(describeError(error), 'messaging did not start'));
  }

  /** Kafka answers and the platform topics exist. */
  async ping(): Promise<void> {
    if (!this.topicsReady) {
      throw new Error('topics not created yet (Kafka unreachable since start)');
    }
    await this.admin.ping();
  }

  /**
   * Before, not on, application shutdown: consumers and the relay must stop while the database
   * connections they use are still open (TypeORM closes its pool on application shutdown).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await Promise.allSettled(this.inboxes.map((inbox) => inbox.stop()));
    await this.consumerLag?.stop();
    await this.relay?.stop();
    await Promise.allSettled([this.relayProducer.disconnect(), this.deadLetterProducer.disconnect(), this.admin.disconnect()]);
  }

  private async start(): Promise<void> {
    const registrations = this.consumers.seal();
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await this.admin.connect();
        await ensurePlatformTopics(this.admin, {
          partitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
          owner: this.options.service,
          consumerGroups: registrations.map(({ groupId, topics }) => ({ groupId, topics })),
        });
        this.topicsReady = true;
        break;
      } catch (error) {
        this.logger.warn({ attempt, ...describeError(error) }, 'Kafka not reachable yet; retrying');
        await sleep(backoffDelayMs(attempt, { initialMs: 500, maxMs: 10_000 }));
      }
    }
    if (this.stopping) {
      return;
    }
    this.relay = new OutboxRelay({
      databaseUrl: this.options.databaseUrl,
      producer: this.relayProducer,
      logger: this.logger,
      metrics: this.metrics,
    });
    await this.relay.start();
    if (registrations.length > 0) {
      // Early, so the first dead letter does not wait; if Kafka is gone again, the first send connects.
      await this.deadLetterProducer.connect().catch((error: unknown) => this.logger.warn(describeError(error), 'dead-letter producer not connected yet'));
    }
    for (const registration of registrations) {
      const inbox = new InboxConsumer({
        dataSource: this.dataSource,
        consumer: this.client.createConsumer({ groupId: registration.groupId, sessionTimeoutMs: this.options.consumerSessionTimeoutMs }),
        deadLetterProducer: this.deadLetterProducer,
        validate: validateEvent,
        topics: registration.topics,
        handle: registration.handle,
        logger: this.logger,
        maxAttempts: registration.maxAttempts,
        metrics: this.metrics,
      });
      this.inboxes.push(inbox);
      // One consumer that cannot start must not keep the others from starting.
      await inbox.start().catch((error: unknown) => this.logger.error({ groupId: registration.groupId, ...describeError(error) }, 'consumer did not start'));
    }
    if (this.serviceMetrics && registrations.length > 0) {
      this.consumerLag = new ConsumerLagMetrics({
        registry: this.serviceMetrics.registry,
        admin: this.admin,
        groups: registrations.map(({ groupId, topics }) => ({ groupId, topics })),
        logger: this.logger,
      });
      this.consumerLag.start();
    }
    this.logger.info({ consumers: registrations.map((r) => r.groupId) }, 'messaging started');
  }
}
