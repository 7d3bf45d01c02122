import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { createKafkaMessaging, ensurePlatformTopics, grantServiceAcls, revokeServiceAcls, silentLogger } from '@sdp/messaging';
import { runService, ServiceProcess, waitForHttp } from './service-process';
import { RoundRobinProxy } from './round-robin-proxy';
import { OWNING_SERVICES, OwningService } from '@sdp/contracts';

/** The services of one whole-system test run, each a real process with a database of its own. */
export const SERVICE_NAMES = OWNING_SERVICES;
export type ServiceName = OwningService;

/** Where each run leaves its services' output. */
const LOG_DIR = join(__dirname, '../../tmp/test-results/e2e-logs');

const postgres = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
/** The harness's own Kafka work (ACLs, topics) is an admin's; the services sign in as themselves. */
const kafkaAdmin = { brokers: kafkaBrokers.split(','), clientId: 'sdp-e2e', credentials: DEV_KAFKA_USERS.admin };

export interface RunningSystem {
  urls: { catalog: string; replication: string; targeting: string; advertisement: string; metering: string };
  /** Unique to the run, so IDs (S0100001, ...) never collide with another run's events on the shared topics. */
  siteCode: string;
  adminToken: string;
  enrollmentSecret: string;
  dpEndpoints: string[];
  s3: { accessKey: string; secretKey: string; region: string };
  sourceBucket: string;
  /** Lower-case, unique to the run: prefix for bucket and DP names. */
  runId: string;
  /** Each service's first (with one replica: only) process. */
  services: Record<ServiceName, ServiceProcess>;
  /** Every process of each service: `replicas` of them, same database and consumer groups, ports of their own. */
  replicas: Record<ServiceName, ServiceProcess[]>;
  /** With more than one replica: the load balancer in front of each service, which `urls` name. */
  proxies?: Record<ServiceName, RoundRobinProxy>;
  databaseOf(service: ServiceName): string;
  /** Kills every replica of one service (SIGKILL unless told otherwise) and waits until they are gone. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Kills one replica of a service (SIGKILL unless told otherwise) and waits until it is gone. */
  killReplica(service: ServiceName, index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed service's replicas again on the same ports and database and waits until they are ready. */
  start(service: ServiceName): Promise<void>;
  /** Throws, with the last of its output, when a process has exited that nobody stopped. */
  assertRunning(): void;
  /** Runs a query in one service's database. */
  sql<T>(service: ServiceName, query: string, params?: unknown[]): Promise<T[]>;
  /** Stops every service and drops the run's databases. */
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Extra environment per service, on top of the run's settings. */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Processes per service (default 1); more than one puts a RoundRobinProxy in front of each service. */
  replicas?: number;
  /**
   * KAFKA_CONSUMER_SESSION_TIMEOUT_MS of every service (default the services' own, 30 s): a run that
   * kills services (-9) sets it short, so the partitions of a killed consumer go to the others sooner.
   */
  consumerSessionTimeoutMs?: number;
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
  const replicaCount = options.replicas ?? 1;
  const ports = {} as Record<ServiceName, number[]>;
  for (const name of SERVICE_NAMES) {
    ports[name] = [];
    for (let index = 0; index < replicaCount; index++) ports[name].push(await freePort());
  }
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
    ...(options.consumerSessionTimeoutMs === undefined ? {} : { KAFKA_CONSUMER_SESSION_TIMEOUT_MS: String(options.consumerSessionTimeoutMs) }),
    ...options.env?.[name],
  });
  const services = {} as Record<ServiceName, ServiceProcess>;
  const replicas = Object.fromEntries(SERVICE_NAMES.map((name) => [name, [] as ServiceProcess[]])) as Record<ServiceName, ServiceProcess[]>;
  /** Processes the test stopped on purpose: assertRunning does not count them. */
  const stopped = new Set<ServiceProcess>();
  const launch = (name: ServiceName, index: number) => {
    replicas[name][index] = runService(name, ports[name][index], envOf(name));
    services[name] = replicas[name][0];
    return replicas[name][index];
  };
  const waitReady = async (name: ServiceName, index: number) => {
    const replica = replicas[name][index];
    try {
      // Every process starts at once: on a busy machine more of them take longer.
      await waitForHttp(`${replica.url}/health/ready`, 120_000 * replicaCount);
    } catch (error) {
      throw new Error(`${name} #${index} did not become ready: ${(error as Error).message}\n${replica.output().slice(-4000)}`);
    }
  };
  const indexes = Array.from({ length: replicaCount }, (_, index) => index);
  const sql = async <T>(service: ServiceName, query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: `${postgres}/${databases[service]}` });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const killReplica = async (name: ServiceName, index: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const replica = replicas[name][index];
    if (!replica) return;
    stopped.add(replica);
    if (replica.child.exitCode === null && replica.child.signalCode === null) {
      replica.child.kill(signal);
      await replica.exited;
    }
  };
  const kill = async (name: ServiceName, signal: NodeJS.Signals = 'SIGKILL') => {
    await Promise.all(indexes.map((index) => killReplica(name, index, signal)));
  };
  const proxies = replicaCount > 1 ? (Object.fromEntries(SERVICE_NAMES.map((name) => [name, new RoundRobinProxy(ports[name].map((port) => `http://127.0.0.1:${port}`))])) as Record<ServiceName, RoundRobinProxy>) : undefined;
  const stop = async () => {
    await Promise.all(SERVICE_NAMES.map((name) => kill(name)));
    await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.stop()));
    // Every run's service output stays behind for whoever has to find out why a case failed.
    mkdirSync(LOG_DIR, { recursive: true });
    for (const name of SERVICE_NAMES) {
      replicas[name].forEach((replica, index) => writeFileSync(join(LOG_DIR, `${runId}-${name}${replicaCount > 1 ? `-${index}` : ''}.log`), replica.output()));
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
  // Every replica starts at once: each creates and migrates its own database, and the services
  // that use the source store (catalog, content-replication) each create its bucket when missing
  // (one of them winning the race is fine), so nothing waits for catalog to be up first.
  for (const name of SERVICE_NAMES) {
    for (const index of indexes) launch(name, index);
  }
  try {
    await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.start()));
    await Promise.all(SERVICE_NAMES.flatMap((name) => indexes.map((index) => waitReady(name, index))));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: {
      catalog: proxies?.catalog.url ?? services.catalog.url,
      replication: proxies?.['content-replication'].url ?? services['content-replication'].url,
      targeting: proxies?.targeting.url ?? services.targeting.url,
      advertisement: proxies?.advertisement.url ?? services.advertisement.url,
      metering: proxies?.metering.url ?? services.metering.url,
    },
    siteCode,
    adminToken: 'dev-admin-token',
    enrollmentSecret: 'dev-enroll-secret',
    dpEndpoints: (process.env.DP_S3_ENDPOINTS ?? 'http://127.0.0.1:9101,http://127.0.0.1:9102').split(','),
    s3,
    sourceBucket,
    runId,
    services,
    replicas,
    proxies,
    databaseOf: (name) => databases[name],
    kill,
    killReplica,
    start: async (name) => {
      indexes.forEach((index) => launch(name, index));
      await Promise.all(indexes.map((index) => waitReady(name, index)));
    },
    sql,
    assertRunning: () => {
      for (const name of SERVICE_NAMES) {
        for (const replica of replicas[name].filter((process) => !stopped.has(process))) {
          const { child } = replica;
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`${name} exited (${child.signalCode ?? child.exitCode}):\n${replica.output().slice(-6000)}`);
          }
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
    // A busy broker can answer the metadata request after creating a topic with "does not host
    // this topic-partition" (retriable); kafkajs retries only a missing leader. Creating the
    // topics again is harmless: existing ones are left as they are.
    const deadline = Date.now() + 60_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await ensurePlatformTopics(admin);
        break;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)));
      }
    }
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
