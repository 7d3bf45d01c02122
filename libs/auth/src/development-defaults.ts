import { ADMIN_TOKENS_VARIABLE, DEV_ADMIN_TOKEN, loadAdminTokens } from './admin-tokens';
import {
  belongToSameKeyPair,
  CLIENT_TOKEN_PRIVATE_KEY_VARIABLE,
  CLIENT_TOKEN_PUBLIC_KEY_VARIABLE,
  DEV_CLIENT_TOKEN_KEYPAIR,
  loadClientTokenPublicKey,
  parseClientTokenPrivateKey,
  parseClientTokenPublicKey,
} from './client-token-keys';
import { CONTENT_GRANT_PRIVATE_KEY_VARIABLE, CONTENT_GRANT_PUBLIC_KEY_VARIABLE, DEV_CONTENT_GRANT_KEYPAIR } from './content-grant';
import { DEV_ENROLLMENT_SECRET, ENROLLMENT_SECRET_VARIABLE, loadEnrollmentSecretHash } from './enrollment-secret';
import { verifySecret } from './secret-hash';

export interface DevelopmentDefaultInUse {
  readonly variable: string;
  readonly description: string;
}

export interface DevelopmentDefaultsReport {
  readonly inUse: boolean;
  readonly defaults: readonly DevelopmentDefaultInUse[];
}

/**
 * Reports the checked-in local defaults the environment leaves in effect, whether by leaving a
 * variable unset or by setting it to the default value (plain or hashed). The private key counts
 * only when set to the development one: services that do not issue tokens never set it, and the
 * issuer refuses a private key that does not match the public key.
 */
export function isUsingDevelopmentDefaults(env: NodeJS.ProcessEnv): DevelopmentDefaultsReport {
  const defaults: DevelopmentDefaultInUse[] = [];
  if (loadAdminTokens(env).authenticate(DEV_ADMIN_TOKEN)) {
    defaults.push({ variable: ADMIN_TOKENS_VARIABLE, description: `admin token ${DEV_ADMIN_TOKEN}` });
  }
  const devPublicKey = parseClientTokenPublicKey(DEV_CLIENT_TOKEN_KEYPAIR.publicKey);
  if (belongToSameKeyPair(loadClientTokenPublicKey(env), devPublicKey)) {
    defaults.push({ variable: CLIENT_TOKEN_PUBLIC_KEY_VARIABLE, description: 'development client token key pair' });
  }
  const privateKeySetting = env[CLIENT_TOKEN_PRIVATE_KEY_VARIABLE];
  if (privateKeySetting?.trim() && belongToSameKeyPair(parseClientTokenPrivateKey(privateKeySetting), devPublicKey)) {
    defaults.push({ variable: CLIENT_TOKEN_PRIVATE_KEY_VARIABLE, description: 'development client token key pair' });
  }
  // The grant keys count when set to the development pair; left unset, the services that use
  // them refuse to start in production (content-grant.ts).
  const devGrantKey = parseClientTokenPublicKey(DEV_CONTENT_GRANT_KEYPAIR.publicKey);
  for (const [variable, parse] of [
    [CONTENT_GRANT_PUBLIC_KEY_VARIABLE, parseClientTokenPublicKey],
    [CONTENT_GRANT_PRIVATE_KEY_VARIABLE, parseClientTokenPrivateKey],
  ] as const) {
    const setting = env[variable];
    if (setting?.trim() && belongToSameKeyPair(parse(setting, variable), devGrantKey)) {
      defaults.push({ variable, description: 'development content grant key pair' });
    }
  }
  if (verifySecret(DEV_ENROLLMENT_SECRET, loadEnrollmentSecretHash(env))) {
    defaults.push({ variable: ENROLLMENT_SECRET_VARIABLE, description: `enrollment secret ${DEV_ENROLLMENT_SECRET}` });
  }
  return { inUse: defaults.length > 0, defaults };
}

/** Throws, naming the variables, when NODE_ENV=production still runs on a local default. */
export function assertNoDevelopmentDefaultsInProduction(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') {
    return;
  }
  const report = isUsingDevelopmentDefaults(env);
  if (report.inUse) {
    const variables = [...new Set(report.defaults.map((entry) => entry.variable))].join(', ');
    throw new Error(`Refusing to start with NODE_ENV=production while local development defaults are in use: ${variables}`);
  }
}
