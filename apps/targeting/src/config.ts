import {
  AuthConfig,
  ClientChallenges,
  DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS,
  loadAuthConfig,
  loadClientTokenPrivateKey,
  loadEnrollmentSecretHash,
  MAX_CLIENT_TOKEN_LIFETIME_SECONDS,
  SecretHash,
} from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, kafkaClientEnv, integerVar, loadConfig, urlVar } from '@sdp/config';

const targetingEnvSchema = z.object({
  ...baseServiceEnv,
  PORT: integerVar(3003, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_targeting'),
  AUTO_APPROVE_CLIENTS: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  FULL_EVALUATION_CHECK_SECONDS: integerVar(60, 1, 86_400),
  /** How long a client token lasts; agents renew it with their key before it ends. */
  CLIENT_TOKEN_LIFETIME_SECONDS: integerVar(DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS, 1, MAX_CLIENT_TOKEN_LIFETIME_SECONDS),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('targeting'),
  ...kafkaClientEnv('targeting'),
});

export type TargetingConfig = z.infer<typeof targetingEnvSchema> & {
  auth: AuthConfig;
  enrollmentSecretHash: SecretHash;
  /** Signed with the client token key: a client proves its key by signing one. */
  clientChallenges: ClientChallenges;
};

export function loadTargetingConfig(env: NodeJS.ProcessEnv = process.env): TargetingConfig {
  return {
    ...loadConfig(targetingEnvSchema, env),
    auth: loadAuthConfig(env, { issuesClientTokens: true }),
    enrollmentSecretHash: loadEnrollmentSecretHash(env),
    clientChallenges: new ClientChallenges(loadClientTokenPrivateKey(env)),
  };
}
