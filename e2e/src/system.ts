import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { createKafkaMessaging, ensurePlatformTopics, grantServiceAcls, revokeServiceAcls, silentLogger } from '@sdp/messaging';
import { runService, ServiceProcess, waitForHttp } from './service-process';
import { OWNING_SERVICES, OwningService } from '@sdp/contracts';

/** The four services of one whole-system test run, each a real process with a database of its own. */
export const SERVICE_NAMES = OWNING_SERVICES;
export type ServiceName = OwningService;

/** Where each run leaves its services' output. */
const LOG_DIR = join(__dirname, '../../tmp/test-results/e2e-logs');

const postgres = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
/** The harness's own Kafka work (ACLs, topics) is an admin's; the services sign in as themselves. */
const kafkaAdmin = { brokers: kafkaBrokers.split(','), clientId: 'sdp-e2e', credentials: DEV_KAFKA_USERS.admin };

export interface RunningSystem {
  urls: { catalog: string; replication: string; targeting: string; advertisement: string };
  /** Unique to the run, so IDs (S0100001, ...) never collide with another run's events on the shared topics. */
  siteCode: string;
  adminToken: string;
  enrollmentSecret: string;
  dpEndpoints: string[];
  s3: { accessKey: string; secretKey: string; region: string };
  sourceBucket: string;
  /** Lower-case, unique to the run: prefix for bucket and DP names. */
  runId: string;
  services: Record<ServiceName, ServiceProcess>;
  databaseOf(service: ServiceName): string;
  /** Kills one service (SIGKILL unless told otherwise) and waits until it is gone. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed service again on the same port and database and waits until it is ready. */
  start(service: ServiceName): Promise<void>;
  /** Throws, with the last of its output, when a service has exited that nobody stopped. */
  assertRunning(): void;
  /** Runs a query in one service's database. */
  sql<T>(service: ServiceName, query: string, params?: unknown[]): Promise<T[]>;
  /** Stops every service and drops the run's databases. */
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Extra environment per service, on top of the run's settings. */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let runs = 0;

function newSiteCode(): string {
  // E + two base-36 characters: unique among the runs of one test process, random across processes.
  const offset = (randomBytes(2).readUInt16BE(0) + runs++ * 37) % (36 * 36);
  return `E${offset.toString(36).toUpperCase().padStart(2, '0')}`;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const runId = `e2e${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const siteCode = newSiteCode();
  const s3 = { accessKey: 'sdp-local', secretKey: 'sdp-local-secret', region: 'us-east-1' };
  const sourceBucket = `${runId}-source`;
  const ports: Record<ServiceName, number> = {
    catalog: await freePort(),
    'content-replication': await freePort(),
    targeting: await freePort(),
    advertisement: await freePort(),
  };
  const databases = Object.fromEntries(SERVICE_NAMES.map((name) => [name, `${runId}_${name.replace('-', '_')}`])) as Record<ServiceName, string>;
  const topicPrefix = `${runId}.`;
  const common: NodeJS.ProcessEnv = {
    SITE_CODE: siteCode,
    KAFKA_BROKERS: kafkaBrokers,
    // Topics of the run's own: other runs on the same broker never feed this system events.
    KAFKA_TOPIC_PREFIX: topicPrefix,
    SOURCE_S3_ENDPOINT: process.env.SOURCE_S3_ENDPOINT ?? 'http://127.0.0.1:9000',
    SOURCE_S3_BUCKET: sourceBucket,
    SOURCE_S3_ACCESS_KEY: s3.accessKey,
    SOURCE_S3_SECRET_KEY: s3.secretKey,
  };
  const fastRetries: NodeJS.ProcessEnv = {
    REPLICATION_POLL_MS: '200',
    REPLICATION_RETRY_INITIAL_MS: '1000',
    REPLICATION_RETRY_MAX_MS: '4000',
    REPLICATION_LEASE_MS: '5000',
  };
  const envOf = (name: ServiceName): NodeJS.ProcessEnv => ({
    ...common,
    ...(name === 'content-replication' ? fastRetries : {}),
    DATABASE_URL: `${postgres}/${databases[name]}`,
    KAFKA_CONSUMER_GROUP_PREFIX: `${runId}.${name}`,
    ...options.env?.[name],
  });
  const services = {} as Record<ServiceName, ServiceProcess>;
  const launch = (name: ServiceName) => {
    services[name] = runService(name, ports[name], envOf(name));
    return services[name];
  };
  const waitReady = async (name: ServiceName) => {
    try {
      await waitForHttp(`${services[name].url}/health/ready`, 120_000);
    } catch (error) {
      throw new Error(`${name} did not become ready: ${(error as Error).message}\n${services[name].output().slice(-4000)}`);
    }
  };
  const sql = async <T>(service: ServiceName, query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: `${postgres}/${databases[service]}` });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const kill = async (name: ServiceName, signal: NodeJS.Signals = 'SIGKILL') => {
    const service = services[name];
    if (service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill(signal);
      await service.exited;
    }
  };
  const stop = async () => {
    await Promise.all(SERVICE_NAMES.filter((name) => services[name]).map((name) => kill(name)));
    // Every run's service output stays behind for whoever has to find out why a case failed.
    mkdirSync(LOG_DIR, { recursive: true });
    for (const name of SERVICE_NAMES.filter((service) => services[service])) {
      writeFileSync(join(LOG_DIR, `${runId}-${name}.log`), services[name].output());
    }
    const admin = new Client({ connectionString: `${postgres}/postgres` });
    await admin.connect();
    try {
      for (const database of Object.values(databases)) {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
    await deleteTopics(topicPrefix);
    await revokeServiceAcls(kafkaAdmin, aclScope);
  };

  const aclScope = { topicPrefix, groupPrefixes: Object.fromEntries(SERVICE_NAMES.map((name) => [name, envOf(name).KAFKA_CONSUMER_GROUP_PREFIX!])) };
  await prepareKafka(aclScope);
  // Catalog first: it creates the source bucket content-replication reads from.
  launch('catalog');
  try {
    await waitReady('catalog');
    for (const name of SERVICE_NAMES.filter((service) => service !== 'catalog')) {
      launch(name);
    }
    await Promise.all(SERVICE_NAMES.map(waitReady));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: {
      catalog: services.catalog.url,
      replication: services['content-replication'].url,
      targeting: services.targeting.url,
      advertisement: services.advertisement.url,
    },
    siteCode,
    adminToken: 'dev-admin-token',
    enrollmentSecret: 'dev-enroll-secret',
    dpEndpoints: (process.env.DP_S3_ENDPOINTS ?? 'http://127.0.0.1:9101,http://127.0.0.1:9102').split(','),
    s3,
    sourceBucket,
    runId,
    services,
    databaseOf: (name) => databases[name],
    kill,
    start: async (name) => {
      launch(name);
      await waitReady(name);
    },
    sql,
    assertRunning: () => {
      for (const name of SERVICE_NAMES) {
        const { child } = services[name];
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${name} exited (${child.signalCode ?? child.exitCode}):\n${services[name].output().slice(-6000)}`);
        }
      }
    },
    stop,
  };
}

/**
 * Each service's principal gets its ACLs for the run's topics and consumer groups, and the run's
 * platform topics exist before any service starts (each service creates only its own, so a
 * consumer would otherwise wait for the topic's owner to come up).
 */
async function prepareKafka(scope: { topicPrefix: string; groupPrefixes: Record<string, string> }): Promise<void> {
  await grantServiceAcls(kafkaAdmin, scope);
  const admin = createKafkaMessaging({ ...kafkaAdmin, logger: silentLogger, topicPrefix: scope.topicPrefix }).createAdmin();
  try {
    await ensurePlatformTopics(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The run's topics go with it, so a long test session does not pile partitions up on the broker. */
async function deleteTopics(prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'sdp-e2e', brokers: kafkaBrokers.split(','), sasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.admin }, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** An admin's calls to one running system: JSON in, JSON out, any status ≥ 400 thrown as ApiError. */
export function adminApi(system: RunningSystem, token = system.adminToken) {
  const call = async <T = unknown>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const isBinary = body instanceof Uint8Array;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': isBinary ? 'application/x-tar' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : isBinary ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.status >= 400) {
      throw new ApiError(response.status, parsed, `${method} ${url}`);
    }
    return parsed as T;
  };
  return {
    get: <T = unknown>(url: string) => call<T>('GET', url),
    post: <T = unknown>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
    put: <T = unknown>(url: string, body: unknown, headers?: Record<string, string>) => call<T>('PUT', url, body, headers),
    patch: <T = unknown>(url: string, body: unknown) => call<T>('PATCH', url, body),
    delete: <T = unknown>(url: string) => call<T>('DELETE', url),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
