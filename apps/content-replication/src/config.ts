import { AuthConfig, loadAuthConfig } from '@sdp/auth';
import { z } from 'zod';
import { baseServiceEnv, integerVar, loadConfig, urlVar, sourceStoreEnv } from '@sdp/config';

const replicationEnvSchema = z.object({
  ...baseServiceEnv,
  ...sourceStoreEnv,
  PORT: integerVar(3002, 1, 65535),
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/sdp_replication'),
});

export type ReplicationConfig = z.infer<typeof replicationEnvSchema> & { auth: AuthConfig };

export function loadReplicationConfig(env: NodeJS.ProcessEnv = process.env): ReplicationConfig {
  return { ...loadConfig(replicationEnvSchema, env), auth: loadAuthConfig(env) };
}
