import { randomBytes } from 'node:crypto';
import { DEV_KAFKA_USERS } from '@sdp/config';

/** Where the local stack is, overridable so the same tests run against another stack. */
export const stackSettings = {
  postgresUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
  /**
   * The local stack's Kafka admin principal (super user), for what tests do on Kafka themselves:
   * topics, ACLs, publishing another service's events, reading what a service wrote. Services
   * under test sign in as their own principals (their configuration's defaults).
   */
  kafkaAdmin: DEV_KAFKA_USERS.admin,
  /** The same, as kafkajs' own clients take it. */
  kafkaSasl: { mechanism: 'scram-sha-512', ...DEV_KAFKA_USERS.admin } as const,
  sourceS3Endpoint: process.env.SOURCE_S3_ENDPOINT ?? 'http://127.0.0.1:9000',
  distributionPointS3Endpoints: (process.env.DP_S3_ENDPOINTS ?? 'http://127.0.0.1:9101,http://127.0.0.1:9102').split(','),
  s3AccessKey: process.env.SOURCE_S3_ACCESS_KEY ?? 'sdp-local',
  s3SecretKey: process.env.SOURCE_S3_SECRET_KEY ?? 'sdp-local-secret',
  s3Region: 'us-east-1',
};

/** A short random suffix for database, bucket and group names of one test run. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A database URL of its own for one test run; drop it with `dropDatabase` from @sdp/persistence. */
export function testDatabaseUrl(prefix: string): string {
  return `${stackSettings.postgresUrl}/${prefix}_${uniqueSuffix()}`;
}
