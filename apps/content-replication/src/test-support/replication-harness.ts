import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CatalogEventTypes, ClientData, ClientEventTypes, CloudEvent, eventRegistry, manifestLocation, PackageData, TOPICS } from '@sdp/contracts';
import { createEvent } from '@sdp/messaging';
import { ContentStore } from '@sdp/storage';
import { eventually, stackSettings, startTestService, TestService, uniqueSuffix } from '@sdp/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { AppModule } from '../app.module';
import { loadReplicationConfig } from '../config';

export const ADMIN = 'dev-admin-token';

export interface TestFile {
  path: string;
  content: Buffer;
}

/** One running content-replication with its own database, source bucket and consumer groups. */
export async function startReplication(env: NodeJS.ProcessEnv = {}): Promise<TestService> {
  return startTestService({
    service: 'content-replication',
    databasePrefix: 'replication_test',
    loadConfig: loadReplicationConfig,
    rootModule: (config, logger) => AppModule.forRoot(config, logger),
    env: { ...testReplicationEnv(), ...env },
  });
}

/** Fast polling, short leases and retries, and consumer groups of this run's own. */
export function testReplicationEnv(): NodeJS.ProcessEnv {
  return {
    KAFKA_CONSUMER_GROUP_PREFIX: `replication-test-${uniqueSuffix()}`,
    REPLICATION_WORKERS: '3',
    REPLICATION_POLL_MS: '100',
    REPLICATION_LEASE_MS: '5000',
    REPLICATION_MAX_ATTEMPTS: '50',
    REPLICATION_RETRY_INITIAL_MS: '200',
    REPLICATION_RETRY_MAX_MS: '1000',
  };
}

/** What a second replica needs to join `service`: its database, source bucket and consumer groups. */
export function replicaEnv(service: TestService): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: service.env.DATABASE_URL,
    SOURCE_S3_BUCKET: service.env.SOURCE_S3_BUCKET,
    KAFKA_CONSUMER_GROUP_PREFIX: service.env.KAFKA_CONSUMER_GROUP_PREFIX,
  };
}

export async function api<T = unknown>(
  service: { url: string },
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A package ID no other test run uses: a made-up site code and random digits. */
/** Registers a DP on the local stack's S3 with the stack's credentials; `fields` may add limits, boundaries, ... */
export function registerDistributionPoint(service: { url: string }, fields: { name: string; endpoint: string; bucket: string } & Record<string, unknown>) {
  return api(service, 'POST', '/api/v1/distribution-points', { ...fields, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
}

export function uniquePackageId(): string {
  return `ZZ9${randomBytes(3).toString('hex').slice(0, 5).toUpperCase()}`;
}

export function uniqueBucket(label: string): string {
  return `test-${label}-${uniqueSuffix()}`;
}

export function sourceStoreOf(service: TestService): ContentStore {
  return new ContentStore({
    endpoint: stackSettings.sourceS3Endpoint,
    bucket: service.env.SOURCE_S3_BUCKET as string,
    accessKey: stackSettings.s3AccessKey,
    secretKey: stackSettings.s3SecretKey,
  });
}

export function dpStore(endpoint: string, bucket: string): ContentStore {
  return new ContentStore({ endpoint, bucket, accessKey: stackSettings.s3AccessKey, secretKey: stackSettings.s3SecretKey });
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes a version's objects and manifest into the source store the way the catalog does. */
export async function putSourceVersion(source: ContentStore, packageId: string, version: number, files: readonly TestFile[]) {
  await source.ensureBucket();
  for (const file of files) {
    await source.putStream(Readable.from([file.content]), { expectedSha256: sha256(file.content), size: file.content.length });
  }
  const manifestFiles = files.map((file) => ({ path: file.path, size: file.content.length, sha256: sha256(file.content), mode: 0o644 }));
  const manifest = {
    packageId,
    version,
    fileCount: files.length,
    sizeBytes: files.reduce((sum, file) => sum + file.content.length, 0),
    files: manifestFiles,
  };
  await source.putJson(manifestLocation(packageId, version), manifest);
  return manifest;
}

/** Publishes well-formed events to the real platform topics, as their owning service would. */
export class TestPublisher {
  private readonly producer: Producer;
  private sequence = 1;

  constructor() {
    this.producer = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'replication-test', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING }).producer();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(topic: string, type: string, subject: string, data: unknown): Promise<void> {
    const event = createEvent({ type, source: 'sdp.test', subject, data, sequence: this.sequence++ });
    eventRegistry.validate(JSON.parse(JSON.stringify(event)), topic);
    await this.producer.send({ topic, acks: -1, messages: [{ key: subject, value: JSON.stringify(event) }] });
  }

  async packageCreated(packageId: string, priority: 'high' | 'medium' | 'low' = 'medium'): Promise<void> {
    const now = new Date().toISOString();
    const data: PackageData = {
      id: packageId,
      name: `test package ${packageId}`,
      version: '1.0',
      manufacturer: 'Test',
      language: 'English',
      description: '',
      priority,
      persistInCache: false,
      hasSource: true,
      sourceVersion: 0,
      manifestDigest: null,
      sourceDate: null,
      sizeBytes: 0,
      fileCount: 0,
      sourceLocation: null,
      sourceRefreshMinutes: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.publish(TOPICS.catalogPackages, CatalogEventTypes.packageCreated, packageId, data);
  }

  async clientRegistered(clientId: string, siteCode: string, ipAddresses: string[]): Promise<void> {
    await this.publishClient(ClientEventTypes.clientRegistered, clientId, siteCode, ipAddresses, false);
  }

  /** Targeting blocked (or unblocked) the client. */
  async clientBlocked(clientId: string, siteCode: string, ipAddresses: string[], blocked: boolean): Promise<void> {
    await this.publishClient(ClientEventTypes.clientUpdated, clientId, siteCode, ipAddresses, blocked);
  }

  /** Targeting gave the client a new key: its tokens of an older key generation are retired. */
  async clientRekeyed(clientId: string, siteCode: string, ipAddresses: string[], keyGeneration: number): Promise<void> {
    await this.publishClient(ClientEventTypes.clientUpdated, clientId, siteCode, ipAddresses, false, keyGeneration);
  }

  async clientDeleted(clientId: string): Promise<void> {
    await this.publish(TOPICS.targetingClients, ClientEventTypes.clientDeleted, clientId, { id: clientId });
  }

  private async publishClient(type: string, clientId: string, siteCode: string, ipAddresses: string[], blocked: boolean, keyGeneration = 0): Promise<void> {
    const now = new Date().toISOString();
    const data: ClientData = {
      id: clientId,
      name: `host-${clientId.slice(0, 8)}`,
      hardwareId: clientId,
      domain: null,
      os: { name: 'linux', version: '6.1', arch: 'x64' },
      siteCode,
      ipAddresses,
      inventory: {},
      approved: true,
      blocked,
      keyGeneration,
      conflictsWith: null,
      registeredAt: now,
      lastSeenAt: now,
      updatedAt: now,
    };
    await this.publish(TOPICS.targetingClients, type, clientId, data);
  }

  async versionPublished(packageId: string, version: number, manifest: { fileCount: number; sizeBytes: number }): Promise<void> {
    await this.publish(TOPICS.catalogPackages, CatalogEventTypes.sourceVersionPublished, packageId, {
      packageId,
      version,
      manifestDigest: sha256(Buffer.from(JSON.stringify(manifest))),
      fileCount: manifest.fileCount,
      sizeBytes: manifest.sizeBytes,
      manifestLocation: manifestLocation(packageId, version),
      publishedAt: new Date().toISOString(),
    });
  }
}

/** Collects every event of the given topics whose subject is one of ours. */
export class EventCollector {
  readonly events: CloudEvent[] = [];
  private readonly consumer: Consumer;

  constructor(private readonly subjects: (subject: string) => boolean) {
    this.consumer = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'replication-test', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING }).consumer({
      groupId: `replication-test-reader-${uniqueSuffix()}`,
    });
  }

  async start(topics: string[]): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as CloudEvent | null;
        if (event && this.subjects(event.subject)) this.events.push(event);
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  async waitFor(predicate: (event: CloudEvent) => boolean, what: string, timeoutMs = 60_000): Promise<CloudEvent> {
    return eventually(async () => this.events.find(predicate), timeoutMs, what);
  }
}

/** A DP going down and coming back (register the DP through it), under the name the replication specs use. */
export { TcpOutageProxy as Outage } from '@sdp/testing';
