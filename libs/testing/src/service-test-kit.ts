import { ClientTokenIssuer, DEV_CLIENT_TOKEN_KEYPAIR } from '@sdp/auth';
import { CloudEvent, deadLetterTopic, eventRegistry, EventData, EventTypeName } from '@sdp/contracts';
import { createEvent, createKafkaMessaging, ensurePlatformTopics } from '@sdp/messaging';
import { createPrivateKey } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { startConsumerGroupAtEnd } from './consumer-groups';
import { stackSettings, uniqueSuffix } from './stack-settings';
import { startTestService, TestService, TestServiceOptions } from './test-service';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Which service a kit runs, and the consumer groups (`<prefix>.<purpose>`) it reads other services' topics with. */
export interface ServiceTestKitOptions<TConfig> extends Omit<TestServiceOptions<TConfig>, 'env'> {
  consumedTopics: Record<string, string[]>;
}

/**
 * A real service on the local stack, in-process, with consumer groups of its own that start at
 * the end of every topic (other test runs' events are not its business), a producer that publishes
 * well-formed events of other services, and HTTP helpers. Each service that consumes events has one
 * (`AdvertisementTestKit`, `MeteringTestKit`): the same kit with its own options.
 */
export class ServiceTestKit {
  private readonly sequences = new Map<string, number>();
  private readonly tokens = new ClientTokenIssuer(createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));

  private constructor(
    readonly service: TestService,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly groupPrefix: string,
    private readonly consumedTopics: Record<string, string[]>,
  ) {}

  /** `env` adds to the service's environment, e.g. `SDP_ADMIN_TOKENS` for role tests. */
  static async start<TConfig>(options: ServiceTestKitOptions<TConfig>, env: NodeJS.ProcessEnv = {}): Promise<ServiceTestKit> {
    const { consumedTopics, ...serviceOptions } = options;
    const groupPrefix = `${options.service}-test-${uniqueSuffix()}`;
    const messaging = createKafkaMessaging({ brokers: stackSettings.kafkaBrokers, credentials: stackSettings.kafkaAdmin, clientId: groupPrefix, logger: pino({ level: 'silent' }) });
    const topicAdmin = messaging.createAdmin();
    await topicAdmin.connect();
    await ensurePlatformTopics(topicAdmin, {});
    await topicAdmin.disconnect();
    const kafka = new Kafka({ clientId: groupPrefix, brokers: stackSettings.kafkaBrokers, sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await Promise.all(Object.entries(consumedTopics).map(([purpose, topics]) => startConsumerGroupAtEnd(kafka, admin, `${groupPrefix}.${purpose}`, topics)));
    const producer = kafka.producer();
    await producer.connect();
    const service = await startTestService({ ...serviceOptions, env: { ...env, KAFKA_CONSUMER_GROUP_PREFIX: groupPrefix } });
    return new ServiceTestKit(service, kafka, admin, producer, groupPrefix, consumedTopics);
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
    const purposes = Object.keys(this.consumedTopics);
    await this.admin.deleteGroups(purposes.map((purpose) => `${this.groupPrefix}.${purpose}`)).catch(() => undefined);
    const deadLetters = purposes.flatMap((purpose) => this.consumedTopics[purpose].map((topic) => deadLetterTopic(topic, `${this.groupPrefix}.${purpose}`)));
    await this.admin.deleteTopics({ topics: deadLetters }).catch(() => undefined);
    await this.admin.disconnect();
  }
}
