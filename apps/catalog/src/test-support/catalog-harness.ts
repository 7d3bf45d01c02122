import { randomBytes } from 'node:crypto';
import { CloudEvent, TOPICS } from '@sdp/contracts';
import { eventually, stackSettings, startTestService, TestService, uniqueSuffix } from '@sdp/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { AppModule } from '../app.module';
import { loadCatalogConfig } from '../config';

export const ADMIN_TOKEN = 'dev-admin-token';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A catalog of its own (database, bucket, random site code so its IDs are its own on shared topics) on the real stack. */
export class CatalogHarness {
  readonly siteCode: string;

  private constructor(
    readonly service: TestService,
    siteCode: string,
  ) {
    this.siteCode = siteCode;
  }

  static async start(env: NodeJS.ProcessEnv = {}): Promise<CatalogHarness> {
    const siteCode = `T${randomBytes(2).toString('hex').toUpperCase().slice(0, 2)}`;
    const service = await startTestService({
      service: 'catalog',
      databasePrefix: 'catalog_test',
      loadConfig: loadCatalogConfig,
      rootModule: (config, logger) => AppModule.forRoot(config, logger),
      env: { SITE_CODE: siteCode, ...env },
    });
    const harness = new CatalogHarness(service, siteCode);
    await eventually(async () => ((await fetch(`${service.url}/health/ready`)).ok ? true : undefined), 60_000, 'catalog ready');
    return harness;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await readBody(response)) as T };
  }

  async upload<T = unknown>(packageId: string, archive: Buffer, contentType = 'application/x-tar'): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.service.url}/api/v1/packages/${packageId}/source`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      body: archive,
    });
    return { status: response.status, body: (await readBody(response)) as T };
  }

  async close(): Promise<void> {
    await this.service.close();
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a platform topic from the offsets it had when created, so only events of this test run are seen. */
export class TopicReader {
  readonly events: CloudEvent[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(topic: string = TOPICS.catalogPackages): Promise<TopicReader> {
    const kafka = new Kafka({ clientId: `catalog-test-${uniqueSuffix()}`, brokers: stackSettings.kafkaBrokers, sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const startOffsets = new Map(offsets.map((offset) => [offset.partition, BigInt(offset.high)]));
    const consumer = kafka.consumer({ groupId: `catalog-test-${uniqueSuffix()}` });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= (startOffsets.get(partition) ?? 0n) && message.value) {
          reader.events.push(JSON.parse(message.value.toString('utf8')) as CloudEvent);
        }
      },
    });
    // No seek: it fails until the group has joined (a fresh broker takes a while); reading from
    // the beginning and dropping what lies before the start offsets gives the same events.
    return reader;
  }

  /** Waits until events matching `match` have arrived and returns them in arrival order. */
  async waitFor(match: (event: CloudEvent) => boolean, count = 1, timeoutMs = 30_000): Promise<CloudEvent[]> {
    return eventually(async () => {
      const found = this.events.filter(match);
      return found.length >= count ? found : undefined;
    }, timeoutMs, `${count} matching event(s) on Kafka`);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
