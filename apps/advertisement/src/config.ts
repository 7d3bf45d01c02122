import { AuthConfig, ContentGrantIssuer, DEFAULT_CONTENT_GRANT_LIFETIME_SECONDS, loadAuthConfig, loadContentGrantIssuer } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, kafkaClientEnv, integerVar, loadConfig, urlVar } from '@sdp/config';

const advertisementEnvSchema = z.object({
  ...baseServiceEnv,
  PORT: integerVar(3004, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_advertisement'),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('advertisement'),
  ...kafkaClientEnv('advertisement'),
  /**
   * A client that started (downloading or running) and then reported nothing for longer than the
   * program's maximum run time plus this many minutes shows as "no report (timed out)".
   */
  STATUS_TIMEOUT_GRACE_MINUTES: integerVar(15, 0, 10_080),
  /**
   * Program output is kept on this many of the newest reports with output of each (advertisement,
   * client) pair; older reports of the pair keep their state, message and exit code without it.
   */
  STATUS_OUTPUT_KEPT_PER_CLIENT: integerVar(10, 1, 1000),
  /** Largest number of status reports one POST may carry. */
  STATUS_BATCH_LIMIT: integerVar(1000, 1, 10_000),
  /**
   * How long a content grant lets the client download that package version. A client that leaves
   * the collection keeps what it was granted this long at most.
   */
  CONTENT_GRANT_LIFETIME_SECONDS: integerVar(DEFAULT_CONTENT_GRANT_LIFETIME_SECONDS, 3, 86_400),
  /**
   * How often an idle notification stream gets a `: keep-alive` comment, so proxies and load
   * balancers keep it open; below their idle timeout (often 60 s). Agents take 3 missed ones as a dead stream.
   */
  PUSH_HEARTBEAT_SECONDS: integerVar(25, 1, 300),
  /** The `retry:` hint of notification streams: the least an agent waits before reconnecting, in ms. */
  PUSH_RETRY_MS: integerVar(1000, 100, 600_000),
  /** How often every moving phased deployment is evaluated (automatic gates' delays, content reaching DPs), in ms. */
  ROLLOUT_GATE_INTERVAL_MS: integerVar(10_000, 100, 3_600_000),
  /** How long after status reports their advertisement's rollout is evaluated: a burst of reports costs one evaluation. */
  ROLLOUT_REPORT_DEBOUNCE_MS: integerVar(250, 0, 60_000),
});

export type AdvertisementConfig = z.infer<typeof advertisementEnvSchema> & { auth: AuthConfig; contentGrants: ContentGrantIssuer };

export function loadAdvertisementConfig(env: NodeJS.ProcessEnv = process.env): AdvertisementConfig {
  const config = loadConfig(advertisementEnvSchema, env);
  return { ...config, auth: loadAuthConfig(env), contentGrants: loadContentGrantIssuer(env, config.CONTENT_GRANT_LIFETIME_SECONDS) };
}
