import { z } from 'zod';
import type { OwningService } from '@sdp/contracts';

/** An integer environment variable within bounds, with a default. */
export function integerVar(defaultValue: number, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .default(String(defaultValue))
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

export function urlVar(defaultValue?: string) {
  const url = z.url({ protocol: /^(https?|postgres(ql)?)$/, error: 'must be a URL' });
  return defaultValue === undefined ? url : url.default(defaultValue);
}

const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be a comma-separated list of host:port')).min(1));

/**
 * `KAFKA_CONSUMER_GROUP_PREFIX`: a service's consumer groups are `<prefix>.<purpose>`, so two
 * deployments (or two test runs) on one cluster each read every event. The default is the
 * service's name, as libs/messaging's ACLs expect.
 */
export function consumerGroupPrefixVar(service: OwningService) {
  return z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,100}$/, 'must be lower-case letters, digits, dots, hyphens or underscores')
    .default(service);
}

/** Variables every service reads. */
export const baseServiceEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  SITE_CODE: z
    .string()
    .regex(/^[A-Z0-9]{3}$/, 'must be three upper-case letters or digits')
    .default('S01'),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432'),
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:19092']),
  /** Put in front of every topic name and consumer group ID, so several deployments (or test runs) share one cluster apart. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/, 'must be letters, digits, dots, hyphens or underscores')
    .default(''),
  KAFKA_TOPIC_PARTITIONS: integerVar(6, 1, 1000),
  KAFKA_REPLICATION_FACTOR: integerVar(1, 1, 10),
  /**
   * How long Kafka waits for a heartbeat of a consumer before it gives the consumer's partitions to
   * the rest of its group: a killed process holds its partitions this long once another member
   * joins. Shorter only where processes are killed on purpose (the e2e reliability test); at least
   * the broker's group.min.session.timeout.ms (6000 by default).
   */
  KAFKA_CONSUMER_SESSION_TIMEOUT_MS: integerVar(30_000, 6_000, 300_000),
  /** Longest a request carrying an Sdp-Consistency token waits for the events it names; then it goes on. */
  CONSISTENCY_WAIT_MS: integerVar(5000, 0, 60_000),
};

/** Variables of a service that reads or writes the source store. */
export const sourceStoreEnv = {
  SOURCE_S3_ENDPOINT: urlVar('http://127.0.0.1:9000'),
  SOURCE_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name')
    .default('sdp-source'),
  SOURCE_S3_REGION: z.string().min(1).default('us-east-1'),
  SOURCE_S3_ACCESS_KEY: z.string().min(1).default('sdp-local'),
  SOURCE_S3_SECRET_KEY: z.string().min(1).default('sdp-local-secret'),
};
