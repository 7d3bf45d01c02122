import { ClientTokenIssuer, DEV_CLIENT_TOKEN_KEYPAIR } from '@sdp/auth';
import { CloudEvent, deadLetterTopic, eventRegistry, EventData, EventTypeName, TOPICS } from '@sdp/contracts';
import { createEvent, createKafkaMessaging, ensurePlatformTopics } from '@sdp/messaging';
import { stackSettings, startConsumerGroupAtEnd, startTestService, TestService, uniqueSuffix } from '@sdp/testing';
import { createPrivateKey } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadAdvertisementConfig } from '../config';

/** The purposes of the service's consumer groups (event-handlers/), each group `<prefix>.<purpose>`. */
const CONSUMER_PURPOSES = ['catalog', 'targeting', 'replication'] as const;

const CONSUMED_TOPICS: Record<(typeof CONSUMER_PURPOSES)[number], string[]> = {
  catalog: [TOPICS.catalogPackages],
  targeting: [TOPICS.targetingClients, TOPICS.targetingCollections, TOPICS.targetingMembership],
  replication: [TOPICS.replicationPackageStatus, TOPICS.replicationDistributionPoints],
};

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The real advertisement service on the local stack, with consumer groups of its own that start
 * at the end of every topic (other test runs' events are not its business), a producer that
 * publishes well-formed events of other services, and HTTP helpers.
 */
export class AdvertisementTestKit {
  private readonly sequences = new Map<string, number>();
  private readonly tokens = new ClientTokenIssuer(createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));

  private constructor(
    readonly service: TestService,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly groupPrefix: string,
  ) {}

  /** `env` adds to the service's environment, e.g. `SDP_ADMIN_TOKENS` for role tests. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<AdvertisementTestKit> {
    const groupPrefix = `advertisement-test-${uniqueSuffix()}`;
    const messaging = createKafkaMessaging({ brokers: stackSettings.kafkaBrokers, credentials: stackSettings.kafkaAdmin, clientId: groupPrefix, logger: pino({ level: 'silent' }) });
    const topicAdmin = messaging.createAdmin();
    await topicAdmin.connect();
    await ensurePlatformTopics(topicAdmin, {});
    await topicAdmin.disconnect();
    const kafka = new Kafka({ clientId: groupPrefix, brokers: stackSettings.kafkaBrokers, sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await Promise.all(CONSUMER_PURPOSES.map((purpose) => startConsumerGroupAtEnd(kafka, admin, `${groupPrefix}.${purpose}`, CONSUMED_TOPICS[purpose])));
    const producer = kafka.producer();
    await producer.connect();
    const service = await startTestService({
      service: 'advertisement',
      databasePrefix: 'advertisement_test',
      loadConfig: loadAdvertisementConfig,
      rootModule: (config, logger) => AppModule.forRoot(config, logger),
      env: { ...env, KAFKA_CONSUMER_GROUP_PREFIX: groupPrefix },
    });
    return new AdvertisementTestKit(service, kafka, admin, producer, groupPrefix);
  }

  /** Publishes one event of another service, as that service would, to its real topic. */
  async publish<TType extends EventTypeName>(type: TType, data: EventData<TType>): Promise<CloudEvent> {
    const definition = eventRegistry.get(type)!;
    const subject = definition.subjectOf!(data);
    const sequence = (this.sequences.get(`${definition.topic}/${subject}`) ?? 0) + 1;
    this.sequences.set(`${definition.topic}/${subject}`, sequence);
    const event = eventRegistry.validate(createEvent({ type, source: 'sdp.test', subject, data, sequence }), definition.topic);
    await this.producer.send({ topic: definition.topic, acks: -1, messages: [{ key: subject, value: JSON.stringify(event) }] });
    return event;
  }

  /** Sends an event as is (e.g. a second time, to prove redelivery changes nothing). */
  async republish(event: CloudEvent): Promise<void> {
    const definition = eventRegistry.get(event.type)!;
    await this.producer.send({ topic: definition.topic, acks: -1, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  }

  /** Reads the service's database directly, to check what HTTP does not show. */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.service.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }

  clientToken(clientId: string): string {
    return this.tokens.issue({ clientId, siteCode: 'S01' });
  }

  async http<T = unknown>(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.service.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? 'dev-admin-token'}`,
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  /** A consumer of one of this service's own topics, from now on; `onEvent` sees each event as it arrives (a bench's receive time). */
  async readOwnTopic(topic: string, onEvent?: (event: CloudEvent, receivedAt: number) => void): Promise<{ events: CloudEvent[]; stop: () => Promise<void> }> {
    const groupId = `${this.groupPrefix}.reader-${uniqueSuffix()}`;
    await startConsumerGroupAtEnd(this.kafka, this.admin, groupId, [topic]);
    const consumer: Consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    const events: CloudEvent[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) {
          const event = JSON.parse(message.value.toString('utf8')) as CloudEvent;
          events.push(event);
          onEvent?.(event, Date.now());
        }
      },
    });
    return {
      events,
      stop: async () => {
        await consumer.disconnect();
        await this.admin.deleteGroups([groupId]).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.service.close();
    const groups = CONSUMER_PURPOSES.map((purpose) => `${this.groupPrefix}.${purpose}`);
    await this.admin.deleteGroups(groups).catch(() => undefined);
    const deadLetters = CONSUMER_PURPOSES.flatMap((purpose) =>
      CONSUMED_TOPICS[purpose].map((topic) => deadLetterTopic(topic, `${this.groupPrefix}.${purpose}`)),
    );
    await this.admin.deleteTopics({ topics: deadLetters }).catch(() => undefined);
    await this.admin.disconnect();
  }
}
