import { CloudEvent, eventRegistry, TOPICS } from '@sdp/contracts';
import { createEvent, createKafkaMessaging, ensurePlatformTopics } from '@sdp/messaging';
import {
  clientKeyProof,
  eventually,
  newClientKey,
  stackSettings,
  startConsumerGroupAtEnd,
  startTestService,
  TestClientKey,
  TestService,
  uniqueSuffix,
} from '@sdp/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadTargetingConfig } from '../config';

export const ADMIN = { authorization: 'Bearer dev-admin-token' };
export const VIEWER = { authorization: 'Bearer viewer-token' };
export const OPERATOR = { authorization: 'Bearer operator-token' };
export const ENROLLMENT_SECRET = 'dev-enroll-secret';

/**
 * The real targeting service on the local stack. Its advertisement-usage group starts at the end
 * of the advertisement topic: earlier test runs' advertisements name collections with the IDs
 * this run's collections get (S0100001, ...), and would make deleting them 409.
 */
export async function startTargeting(): Promise<TestService> {
  const groupPrefix = `targeting-test-${uniqueSuffix()}`;
  await startAdvertisementUsageAtEnd(`${groupPrefix}.advertisement-usage`);
  return startTestService({
    service: 'targeting',
    databasePrefix: 'targeting_test',
    loadConfig: loadTargetingConfig,
    rootModule: (config, logger) => AppModule.forRoot(config, logger),
    env: { SDP_ADMIN_TOKENS: 'dev-admin-token:admin,operator-token:operator,viewer-token:viewer', KAFKA_CONSUMER_GROUP_PREFIX: groupPrefix },
  });
}

async function startAdvertisementUsageAtEnd(groupId: string): Promise<void> {
  const messaging = createKafkaMessaging({ brokers: stackSettings.kafkaBrokers, credentials: stackSettings.kafkaAdmin, clientId: groupId, logger: pino({ level: 'silent' }) });
  const topicAdmin = messaging.createAdmin();
  await topicAdmin.connect();
  await ensurePlatformTopics(topicAdmin, {});
  await topicAdmin.disconnect();
  const kafka = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: groupId, sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await startConsumerGroupAtEnd(kafka, admin, groupId, [TOPICS.advertisementAdvertisements]);
  } finally {
    await admin.disconnect();
  }
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  service: TestService,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { ...ADMIN, 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

let hardwareCounter = 0;

export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  hardwareCounter += 1;
  return {
    enrollmentSecret: ENROLLMENT_SECRET,
    name: `ws-${uniqueSuffix()}`,
    hardwareId: `HW-${uniqueSuffix()}-${hardwareCounter}`,
    domain: 'corp.example.com',
    os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
    ipAddresses: ['10.1.4.42'],
    inventory: { department: 'Finance' },
    ...overrides,
  };
}

/** `body` with the client key and a proof of it: a fresh challenge every time, since each proves once. */
export async function withKeyProof(service: TestService, body: Record<string, unknown>, key: TestClientKey = newClientKey()): Promise<Record<string, unknown>> {
  return { ...body, ...(await clientKeyProof(service.url, key)) };
}

/** POST /clients/register as an agent with `key` would; the answer, whatever it is. */
export async function registerAs<T = { clientId: string; token: string }>(service: TestService, body: Record<string, unknown>, key: TestClientKey): Promise<HttpResult<T>> {
  return call<T>(service, 'POST', '/clients/register', { body: await withKeyProof(service, body, key), headers: {} });
}

export async function register(
  service: TestService,
  overrides: Record<string, unknown> = {},
  key: TestClientKey = newClientKey(),
): Promise<{ clientId: string; token: string; key: TestClientKey }> {
  const result = await registerAs(service, registration(overrides), key);
  if (result.status !== 201) {
    throw new Error(`registration failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return { ...result.body, key };
}

/**
 * Reads a platform topic from the beginning, keeping the events of the given subjects made since
 * this reader was created: each run has a new database, so its collections get the IDs (S0100001,
 * ...) earlier runs' collections had, whose events are still on the topic.
 */
export class TopicReader {
  readonly events: CloudEvent[] = [];
  private consumer: Consumer | undefined;
  private readonly notBefore = Date.now();

  constructor(
    private readonly topic: string,
    private readonly keep: (event: CloudEvent) => boolean,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'targeting-test', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `targeting-test-${uniqueSuffix()}`, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as CloudEvent;
        eventRegistry.validate(event, this.topic);
        if (Date.parse(event.time) >= this.notBefore && this.keep(event)) {
          this.events.push(event);
        }
      },
    });
  }

  async waitFor(predicate: (event: CloudEvent) => boolean, what: string, timeoutMs = 20_000): Promise<CloudEvent> {
    return eventually(async () => this.events.find(predicate), timeoutMs, what);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Publishes one event as the service owning `topic` would, after checking it against the registry; `sequence` orders one subject's events. */
export async function publishEvent(topic: string, type: string, subject: string, data: unknown, sequence = 1): Promise<void> {
  const producer = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'targeting-test', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const event = createEvent({ type, source: 'sdp.test', subject, data, sequence });
    eventRegistry.validate(JSON.parse(JSON.stringify(event)), topic);
    await producer.send({ topic, acks: -1, messages: [{ key: subject, value: JSON.stringify(event) }] });
  } finally {
    await producer.disconnect();
  }
}
