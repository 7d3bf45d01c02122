import { AdminTokenRegistry, loadAdminTokens } from './admin-tokens';
import { AuthFailureThrottle, loadAuthThrottleSettings } from './auth-failure-throttle';
import { ClientTokenIssuer, ClientTokenVerifier } from './client-token';
import {
  belongToSameKeyPair,
  CLIENT_TOKEN_PRIVATE_KEY_VARIABLE,
  CLIENT_TOKEN_PUBLIC_KEY_VARIABLE,
  loadClientTokenPrivateKey,
  loadClientTokenPublicKey,
} from './client-token-keys';

export interface AuthConfig {
  readonly adminTokens: AdminTokenRegistry;
  readonly clientTokenVerifier: ClientTokenVerifier;
  /** Only the service that registers clients (targeting) issues tokens. */
  readonly clientTokenIssuer?: ClientTokenIssuer;
  /** Failed credential checks per source address; the defaults when absent. */
  readonly failureThrottle?: AuthFailureThrottle;
}

export interface LoadAuthConfigOptions {
  readonly issuesClientTokens?: boolean;
}

/**
 * Refuses a private key that does not belong to the public key, so a service cannot hand out
 * tokens that every other service would reject.
 */
export function loadClientTokenIssuer(env: NodeJS.ProcessEnv): ClientTokenIssuer {
  const privateKey = loadClientTokenPrivateKey(env);
  if (!belongToSameKeyPair(privateKey, loadClientTokenPublicKey(env))) {
    throw new Error(
      `${CLIENT_TOKEN_PRIVATE_KEY_VARIABLE} does not belong to ${CLIENT_TOKEN_PUBLIC_KEY_VARIABLE}; set both from one key pair`,
    );
  }
  return new ClientTokenIssuer(privateKey);
}

/** Reads and validates every auth setting once, at start. */
export function loadAuthConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadAuthConfigOptions = {},
): AuthConfig {
  return {
    adminTokens: loadAdminTokens(env),
    clientTokenVerifier: new ClientTokenVerifier(loadClientTokenPublicKey(env)),
    failureThrottle: new AuthFailureThrottle(loadAuthThrottleSettings(env)),
    ...(options.issuesClientTokens && { clientTokenIssuer: loadClientTokenIssuer(env) }),
  };
}
