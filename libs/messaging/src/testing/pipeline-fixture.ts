import { DataSource } from 'typeorm';
import { deadLetterTopic, EventRegistry } from '@sdp/contracts';
import { dropDatabase, openServiceDataSource, withDatabase } from '@sdp/persistence';
import { createKafkaMessaging } from '../kafkajs/create-kafka-messaging';
import { MessagingClient, MessageProducer, TopicAdmin } from '../port';
import { Outbox } from '../outbox/outbox';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { inboxMigrations, outboxMigrations } from '../migrations';
import { BackoffOptions } from '../backoff';
import { MessagingMetrics } from '../metrics';
import { CreateTestEffectTable1767225600100 } from './effect-table.migration';
import { testEnvironment, uniqueSuffix } from './test-environment';
import { testRegistry, ThingChanged } from './test-events';
import { testLogger } from './test-logger';

export const TEST_SOURCE = 'sdp.test';

export interface InboxRunOptions {
  maxAttempts?: number;
  backoff?: BackoffOptions;
  partitionsConsumedConcurrently?: number;
  metrics?: MessagingMetrics;
}

/**
 * A producing service (database with an outbox) and a consuming service (database with an
 * inbox and an `effect` table) around one uniquely named test topic of the real Kafka.
 */
export class PipelineFixture {
  readonly suffix = uniqueSuffix();
  readonly topic = `sdp.test.things.${this.suffix}`;
  readonly groupId = `sdp-test-consumer-${this.suffix}`;
  readonly deadLetterTopic = deadLetterTopic(this.topic, this.groupId);
  readonly registry: EventRegistry = testRegistry(this.topic);
  readonly producerDatabaseUrl = withDatabase(testEnvironment.databaseServerUrl, `sdp_test_outbox_${this.suffix}`);
  readonly consumerDatabaseUrl = withDatabase(testEnvironment.databaseServerUrl, `sdp_test_inbox_${this.suffix}`);
  readonly messaging: MessagingClient = createKafkaMessaging({
    brokers: testEnvironment.brokers, credentials: testEnvironment.credentials,
    clientId: `sdp-test-${this.suffix}`,
    logger: testLogger('kafka'),
  });
  readonly admin: TopicAdmin = this.messaging.createAdmin();
  readonly outbox = new Outbox({ registry: this.registry, source: TEST_SOURCE });
  producerDb!: DataSource;
  consumerDb!: DataSource;
  /** Errors after which a consumer would not restart by itself; a test expects none. */
  readonly fatalErrors: Error[] = [];
  /** Other consumer groups a test made, deleted at the end. */
  readonly extraGroups: string[] = [];
  private readonly producers: MessageProducer[] = [];
  private readonly inboxes: InboxConsumer[] = [];

  constructor(private readonly partitions: number) {}

  async setUp(): Promise<void> {
    await this.admin.ensureTopics([
      { topic: this.topic, partitions: this.partitions },
      { topic: this.deadLetterTopic, partitions: 1 },
    ]);
    this.producerDb = await openServiceDataSource({ databaseUrl: this.producerDatabaseUrl, entities: [], migrations: outboxMigrations, poolSize: 10 });
    this.consumerDb = await openServiceDataSource({
      databaseUrl: this.consumerDatabaseUrl,
      entities: [],
      migrations: [...inboxMigrations, CreateTestEffectTable1767225600100],
      poolSize: 10,
    });
  }

  /** Removes everything the run made; each step runs even when an earlier one failed. */
  async tearDown(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [
      ...this.inboxes.map((inbox) => () => inbox.stop()),
      ...this.producers.map((producer) => () => producer.disconnect()),
      async () => this.producerDb?.destroy(),
      async () => this.consumerDb?.destroy(),
      () => dropDatabase(this.producerDatabaseUrl),
      () => dropDatabase(this.consumerDatabaseUrl),
      () => this.admin.deleteTopics([this.topic, this.deadLetterTopic]),
      () => this.admin.deleteConsumerGroups([this.groupId, ...this.extraGroups]),
      () => this.admin.disconnect(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      await step().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw failures[0];
    }
  }

  producer(): MessageProducer {
    const producer = this.messaging.createProducer();
    this.producers.push(producer);
    return producer;
  }

  /** Starts a member of the consumer group that records each event as an `effect` row. */
  async startInbox(options: InboxRunOptions = {}): Promise<InboxConsumer> {
    const inbox = new InboxConsumer({
      dataSource: this.consumerDb,
      consumer: this.messaging.createConsumer({
        groupId: this.groupId,
        maxWaitTimeMs: 200,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        onFatalError: (error) => {
          this.fatalErrors.push(error);
        },
      }),
      deadLetterProducer: this.producer(),
      validate: (raw, topic) => this.registry.validate(raw, topic),
      topics: [this.topic],
      logger: testLogger('inbox'),
      maxAttempts: options.maxAttempts,
      backoff: options.backoff,
      metrics: options.metrics,
      handle: async (event, manager) => {
        const data = event.data as ThingChanged;
        if (data.explode) {
          throw new Error(`refusing step ${data.step}`);
        }
        await manager.query('INSERT INTO effect (aggregate, sequence, event_id, step) VALUES ($1, $2, $3, $4)', [
          event.subject,
          event.sequence,
          event.id,
          data.step,
        ]);
      },
    });
    this.inboxes.push(inbox);
    await inbox.start();
    return inbox;
  }

  async stopInbox(inbox: InboxConsumer): Promise<void> {
    await inbox.stop();
    this.inboxes.splice(this.inboxes.indexOf(inbox), 1);
  }

  /** Records in the test topic: what a consumer has to get through to be caught up. */
  async recordsInTopic(topic = this.topic): Promise<number> {
    const offsets = await this.admin.topicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  }

  /** Whether the group has committed, on every partition, the offset after the last record. */
  async groupCaughtUp(): Promise<boolean> {
    const [ends, committed] = await Promise.all([this.admin.topicOffsets(this.topic), this.admin.committedOffsets(this.groupId, this.topic)]);
    return ends.every(
      (end) => end.high === end.low || committed.find((entry) => entry.partition === end.partition)?.offset === end.high,
    );
  }

  async unpublishedCount(): Promise<number> {
    return this.count(this.producerDb, 'SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL');
  }

  async publishedCount(): Promise<number> {
    return this.count(this.producerDb, 'SELECT count(*) AS n FROM outbox_event WHERE published_at IS NOT NULL');
  }

  async effectCount(): Promise<number> {
    return this.count(this.consumerDb, 'SELECT count(*) AS n FROM effect');
  }

  /** (aggregate, sequence) pairs applied more than once: must stay empty. */
  async repeatedEffects(): Promise<{ aggregate: string; sequence: number; times: number }[]> {
    return this.consumerDb.query(
      'SELECT aggregate, sequence, count(*)::int AS times FROM effect GROUP BY aggregate, sequence HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 20',
    );
  }

  /** Each aggregate's sequence numbers in the order their effects were applied. */
  async appliedOrder(): Promise<Map<string, number[]>> {
    const rows: { aggregate: string; sequences: number[] }[] = await this.consumerDb.query(
      'SELECT aggregate, array_agg(sequence ORDER BY id) AS sequences FROM effect GROUP BY aggregate',
    );
    return new Map(rows.map((row) => [row.aggregate, row.sequences]));
  }

  private async count(dataSource: DataSource, sql: string): Promise<number> {
    const rows: { n: string }[] = await dataSource.query(sql);
    return Number(rows[0]?.n ?? 0);
  }
}

/** 1, 2, ..., n */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1);
}
