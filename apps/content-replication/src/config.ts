import { AuthConfig, ContentGrantVerifier, loadAuthConfig, loadContentGrantVerifier } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, kafkaClientEnv, ConfigError, integerVar, loadConfig, urlVar, sourceStoreEnv } from '@sdp/config';
import { DEV_SECRET_ENCRYPTION_KEY, parseEncryptionKey, SECRET_ENCRYPTION_KEY_VARIABLE } from './secrets/secret-cipher';

const replicationEnvSchema = z.object({
  ...baseServiceEnv,
  ...sourceStoreEnv,
  PORT: integerVar(3002, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_replication'),
  /** base64 of 32 bytes: the AES-256-GCM key DP secret keys are encrypted with at rest. */
  [SECRET_ENCRYPTION_KEY_VARIABLE]: z
    .string()
    .default(DEV_SECRET_ENCRYPTION_KEY)
    .refine((value) => isEncryptionKey(value), 'must be the base64 encoding of exactly 32 bytes'),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('content-replication'),
  ...kafkaClientEnv('content-replication'),
  REPLICATION_WORKERS: integerVar(4, 1, 64),
  REPLICATION_POLL_MS: integerVar(1000, 10, 60_000),
  /** A worker's claim on a job lapses this long after its last heartbeat; another worker then resumes it. */
  REPLICATION_LEASE_MS: integerVar(60_000, 500, 3_600_000),
  REPLICATION_MAX_ATTEMPTS: integerVar(10, 1, 1000),
  REPLICATION_RETRY_INITIAL_MS: integerVar(30_000, 1, 86_400_000),
  REPLICATION_RETRY_MAX_MS: integerVar(1_800_000, 1, 86_400_000),
  /** How often every installed package on every DP is re-hashed; 0 turns the schedule off. */
  VALIDATION_INTERVAL_SECONDS: integerVar(86_400, 0, 31_536_000),
  /** Timeout of the reachability check when a DP is registered or its endpoint changes. */
  DP_CHECK_TIMEOUT_MS: integerVar(10_000, 100, 120_000),
  PRESIGNED_URL_TTL_SECONDS: integerVar(900, 1, 604_800),
});

export type ReplicationConfig = z.infer<typeof replicationEnvSchema> & { auth: AuthConfig; contentGrants: ContentGrantVerifier };

export function loadReplicationConfig(env: NodeJS.ProcessEnv = process.env): ReplicationConfig {
  const config = loadConfig(replicationEnvSchema, env);
  if (config.NODE_ENV === 'production' && config[SECRET_ENCRYPTION_KEY_VARIABLE] === DEV_SECRET_ENCRYPTION_KEY) {
    throw new ConfigError(
      `Refusing to start with NODE_ENV=production while local development defaults are in use: ${SECRET_ENCRYPTION_KEY_VARIABLE}`,
    );
  }
  return { ...config, auth: loadAuthConfig(env), contentGrants: loadContentGrantVerifier(env) };
}

function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
}
