import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, consumerGroupPrefixVar, kafkaClientEnv, integerVar, loadConfig, urlVar, sourceStoreEnv } from '@sdp/config';
import { DEFAULT_MAX_EXPANSION_RATIO } from './source/expansion-limit';

/** Only for local stacks and tests: anyone can read it here. */
export const LOCAL_ONLY_SECRET_KEY = '6c6f63616c2d6f6e6c792d6b65792d646f2d6e6f742d7573652d696e2d707264';

const catalogEnvSchema = z.object({
  ...baseServiceEnv,
  ...sourceStoreEnv,
  PORT: integerVar(3001, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_catalog'),
  /** Largest total of file sizes one source version may have; a larger upload is refused with 413. */
  CATALOG_MAX_PACKAGE_BYTES: integerVar(50 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
  /**
   * How many times the bytes received a tar.gz may gunzip to, or a zip's entries declare, once
   * 64 MiB have expanded; more is a decompression bomb, refused with 413 (see ExpansionLimit).
   */
  CATALOG_MAX_EXPANSION_RATIO: integerVar(DEFAULT_MAX_EXPANSION_RATIO, 1, 1_000_000),
  /** Every directory source location must lie under this directory. */
  CATALOG_SOURCE_ROOT: z.string().min(1).default('./.stack/catalog-sources'),
  /** 32 bytes as 64 hex digits or base64; encrypts S3 source secrets at rest. The built-in key is refused in production. */
  CATALOG_SECRET_ENCRYPTION_KEY: z.string().min(1).default(LOCAL_ONLY_SECRET_KEY),
  /** How often the scheduler looks for packages whose sourceRefreshMinutes have elapsed; 0 turns it off. */
  CATALOG_SOURCE_SCAN_SECONDS: integerVar(60, 0, 86_400),
  KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefixVar('catalog'),
  ...kafkaClientEnv('catalog'),
});

export type CatalogConfig = z.infer<typeof catalogEnvSchema> & { auth: AuthConfig };

export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  const config = loadConfig(catalogEnvSchema, env);
  if (config.NODE_ENV === 'production' && config.CATALOG_SECRET_ENCRYPTION_KEY === LOCAL_ONLY_SECRET_KEY) {
    throw new Error('CATALOG_SECRET_ENCRYPTION_KEY must be set in production; the built-in key is for local stacks only');
  }
  return { ...config, auth: loadAuthConfig(env) };
}
