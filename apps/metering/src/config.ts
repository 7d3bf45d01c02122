import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, integerVar, kafkaClientEnv, loadConfig, urlVar } from '@sdp/config';

const meteringEnvSchema = z.object({
  ...baseServiceEnv,
  PORT: integerVar(3005, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_metering'),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('metering'),
  ...kafkaClientEnv('metering'),
  /** Largest number of usage records one POST may carry. */
  USAGE_BATCH_LIMIT: integerVar(1000, 1, 10_000),
  /**
   * How long past the client's last word an open run counts in reports. Agents send their open
   * runs again every 10 minutes; a run of a computer that went silent stops growing after this.
   */
  METERING_OPEN_RUN_GRACE_SECONDS: integerVar(3600, 600, 7 * 86_400),
});

export type MeteringConfig = z.infer<typeof meteringEnvSchema> & { auth: AuthConfig };

export function loadMeteringConfig(env: NodeJS.ProcessEnv = process.env): MeteringConfig {
  return { ...loadConfig(meteringEnvSchema, env), auth: loadAuthConfig(env) };
}
