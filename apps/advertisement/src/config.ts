import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, integerVar, loadConfig, urlVar } from '@sdp/config';

const advertisementEnvSchema = z.object({
  ...baseServiceEnv,
  PORT: integerVar(3004, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_advertisement'),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('advertisement'),
  /** Largest number of status reports one POST may carry. */
  STATUS_BATCH_LIMIT: integerVar(1000, 1, 10_000),
});

export type AdvertisementConfig = z.infer<typeof advertisementEnvSchema> & { auth: AuthConfig };

export function loadAdvertisementConfig(env: NodeJS.ProcessEnv = process.env): AdvertisementConfig {
  return { ...loadConfig(advertisementEnvSchema, env), auth: loadAuthConfig(env) };
}

/** Injection token of the loaded configuration. */
export const ADVERTISEMENT_CONFIG = Symbol('ADVERTISEMENT_CONFIG');
