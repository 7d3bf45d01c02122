import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { OwningService } from '@sdp/contracts';
import { grantServiceAcls } from '@sdp/messaging';
import { dropDatabase } from '@sdp/persistence';
import { applyHttpConventions } from '@sdp/service';
import pino from 'pino';
import type { Logger } from 'pino';
import { stackSettings, testDatabaseUrl, uniqueSuffix } from './stack-settings';

export interface TestService {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  databaseUrl: string;
  /** Environment the service was configured from. */
  env: NodeJS.ProcessEnv;
  /** Stops the app and drops its database. */
  close(): Promise<void>;
}

export interface TestServiceOptions<TConfig> {
  /** Which service: it signs in to Kafka as its own principal, granted its ACLs first. */
  service: OwningService;
  /** Database name prefix, e.g. `catalog_test`. */
  databasePrefix: string;
  loadConfig: (env: NodeJS.ProcessEnv) => TConfig;
  rootModule: (config: TConfig, logger: Logger) => Type | DynamicModule;
  /** Extra environment on top of the local stack's settings. */
  env?: NodeJS.ProcessEnv;
  /** Source bucket of its own unless given (catalog, content-replication). */
  sourceBucket?: string;
}

/**
 * Boots a service's real root module in-process against the real local stack, on a free port,
 * with a database of its own, and the same HTTP conventions as production.
 */
export async function startTestService<TConfig>(options: TestServiceOptions<TConfig>): Promise<TestService> {
  const databaseUrl = testDatabaseUrl(options.databasePrefix);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: stackSettings.kafkaBrokers.join(','),
    SOURCE_S3_ENDPOINT: stackSettings.sourceS3Endpoint,
    SOURCE_S3_BUCKET: options.sourceBucket ?? `test-source-${uniqueSuffix()}`,
    SOURCE_S3_ACCESS_KEY: stackSettings.s3AccessKey,
    SOURCE_S3_SECRET_KEY: stackSettings.s3SecretKey,
    ...options.env,
  };
  const config = options.loadConfig(env);
  await grantTestServiceAcls(options.service, env);
  const logger = pino({ level: env.LOG_LEVEL ?? 'warn' });
  const app = await NestFactory.create<NestExpressApplication>(options.rootModule(config, logger), { logger: false });
  app.useBodyParser('json', { limit: '1mb' });
  applyHttpConventions(app, logger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Kafka comes up after the HTTP side (topics, relay, consumers): a test starts once the
  // service says it is ready, as an orchestrator would.
  await eventually(async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined), 60_000, `${url} ready`);
  return {
    app,
    url,
    databaseUrl,
    env,
    close: async () => {
      await app.close();
      await dropDatabase(databaseUrl);
    },
  };
}

/**
 * Grants a service's principal its ACLs for the topic prefix and consumer group prefix `env` gives
 * it (their defaults when unset), as the admin principal: for a service a test starts itself.
 */
export async function grantTestServiceAcls(service: OwningService, env: NodeJS.ProcessEnv): Promise<void> {
  await grantServiceAcls(
    { brokers: stackSettings.kafkaBrokers, clientId: 'sdp-test-acls', credentials: stackSettings.kafkaAdmin },
    { topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '', groupPrefixes: env.KAFKA_CONSUMER_GROUP_PREFIX ? { [service]: env.KAFKA_CONSUMER_GROUP_PREFIX } : {} },
  );
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/**
 * Whether `promise` settles (either way) within `ms`: for showing that something waits, e.g. a
 * transaction blocked on another's lock, without failing the test on its own rejection.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}
