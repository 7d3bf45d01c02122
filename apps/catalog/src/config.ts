import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, integerVar, loadConfig, urlVar, sourceStoreEnv } from '@sdp/config';

const catalogEnvSchema = z.object({
  ...baseServiceEnv,
  ...sourceStoreEnv,
  PORT: integerVar(3001, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_catalog'),
});

export type CatalogConfig = z.infer<typeof catalogEnvSchema> & { auth: AuthConfig };

export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return { ...loadConfig(catalogEnvSchema, env), auth: loadAuthConfig(env) };
}
