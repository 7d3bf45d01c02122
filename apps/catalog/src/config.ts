import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, integerVar, loadConfig, urlVar, sourceStoreEnv } from '@sdp/config';

const catalogEnvSchema = z.object({
  ...baseServiceEnv,
  ...sourceStoreEnv,
  PORT: integerVar(3001, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_catalog'),
  /** Largest total of file sizes one source version may have; a larger upload is refused with 413. */
  CATALOG_MAX_PACKAGE_BYTES: integerVar(50 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
});

export type CatalogConfig = z.infer<typeof catalogEnvSchema> & { auth: AuthConfig };

export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return { ...loadConfig(catalogEnvSchema, env), auth: loadAuthConfig(env) };
}
