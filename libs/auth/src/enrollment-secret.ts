import { SecretHash, secretHashFromSetting } from './secret-hash';

export const ENROLLMENT_SECRET_VARIABLE = 'SDP_ENROLLMENT_SECRET';
/** Local-only secret; services refuse to start with it under NODE_ENV=production. */
export const DEV_ENROLLMENT_SECRET = 'dev-enroll-secret';

/** The enrollment secret (plaintext or `sha256=<hex>`) from the environment, kept only as its hash. */
export function loadEnrollmentSecretHash(env: NodeJS.ProcessEnv): SecretHash {
  const setting = env[ENROLLMENT_SECRET_VARIABLE];
  return secretHashFromSetting(setting?.trim() ? setting : DEV_ENROLLMENT_SECRET, ENROLLMENT_SECRET_VARIABLE);
}
