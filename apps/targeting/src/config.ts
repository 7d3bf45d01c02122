import { AuthConfig, loadAuthConfig, loadEnrollmentSecretHash, SecretHash } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, integerVar, loadConfig, urlVar } from '@sdp/config';

const targetingEnvSchema = z.object({
  ...baseServiceEnv,
  PORT: integerVar(3003, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_targeting'),
  AUTO_APPROVE_CLIENTS: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  FULL_EVALUATION_CHECK_SECONDS: integerVar(60, 1, 86_400),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('targeting'),
});

export type TargetingConfig = z.infer<typeof targetingEnvSchema> & {
  auth: AuthConfig;
  enrollmentSecretHash: SecretHash;
};

export function loadTargetingConfig(env: NodeJS.ProcessEnv = process.env): TargetingConfig {
  return {
    ...loadConfig(targetingEnvSchema, env),
    auth: loadAuthConfig(env, { issuesClientTokens: true }),
    enrollmentSecretHash: loadEnrollmentSecretHash(env),
  };
}
