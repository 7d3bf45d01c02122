import { KeyObject } from 'node:crypto';
import { parseClientTokenPrivateKey, parseClientTokenPublicKey } from './client-token-keys';
import type { ClientTokenKeyPair } from './client-token-keys';
import { requireEd25519Key, signJws, verifyJws } from './compact-jws';
import type { Clock } from './client-token';

/**
 * A content grant says: this client may fetch this version of this package, until `exp`. The
 * advertisement service signs one on the client's request when the client's current policy runs
 * that version (the dependency chain included); content-replication verifies it with the public
 * key before it hands out download locations — no call between the services. A client that leaves
 * the collection gets no new grant; the one it holds ends with its lifetime.
 */
export interface ContentGrantClaims {
  /** Client ID. */
  readonly sub: string;
  readonly pkg: string;
  readonly ver: number;
  readonly iat: number;
  readonly exp: number;
}

export const CONTENT_GRANT_TYPE = 'sdp-content-grant';
export const CONTENT_GRANT_PRIVATE_KEY_VARIABLE = 'SDP_CONTENT_GRANT_PRIVATE_KEY';
export const CONTENT_GRANT_PUBLIC_KEY_VARIABLE = 'SDP_CONTENT_GRANT_PUBLIC_KEY';
/** 15 minutes: how long a client that left a collection can still fetch what it was granted. */
export const DEFAULT_CONTENT_GRANT_LIFETIME_SECONDS = 900;

/**
 * LOCAL DEVELOPMENT ONLY, like the development client token key pair: checked in so `npm start`
 * and the tests work without setup; services refuse it under NODE_ENV=production.
 */
export const DEV_CONTENT_GRANT_KEYPAIR: ClientTokenKeyPair = Object.freeze({
  privateKey: ['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIERn0+1bZoVWdMdB//gM15I/yjMhKeyZFMEvvqAvGu40', '-----END PRIVATE KEY-----', ''].join('\n'),
  publicKey: ['-----BEGIN PUBLIC KEY-----', 'MCowBQYDK2VwAyEAbsCJ2h3veaexR4syLgaGVjUzQCNWmSOAahcLDysQ99U=', '-----END PUBLIC KEY-----', ''].join('\n'),
});

export interface IssuedContentGrant {
  readonly grant: string;
  readonly expiresAt: string;
}

export class ContentGrantIssuer {
  constructor(
    private readonly privateKey: KeyObject,
    readonly lifetimeSeconds = DEFAULT_CONTENT_GRANT_LIFETIME_SECONDS,
    private readonly now: Clock = Date.now,
  ) {
    requireEd25519Key(privateKey, 'private', 'Content grants');
    if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) throw new Error('a content grant lifetime must be a positive whole number of seconds');
  }

  issue(clientId: string, packageId: string, version: number): IssuedContentGrant {
    const iat = Math.floor(this.now() / 1000);
    const claims: ContentGrantClaims = { sub: clientId, pkg: packageId, ver: version, iat, exp: iat + this.lifetimeSeconds };
    return { grant: signJws(claims, CONTENT_GRANT_TYPE, this.privateKey), expiresAt: new Date(claims.exp * 1000).toISOString() };
  }
}

export type ContentGrantCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class ContentGrantVerifier {
  constructor(
    private readonly publicKey: KeyObject,
    private readonly now: Clock = Date.now,
  ) {
    requireEd25519Key(publicKey, 'public', 'Content grants');
  }

  /** Whether `grant` lets `clientId` fetch `version` of `packageId` now; else why not, in words. */
  check(grant: string, expected: { clientId: string; packageId: string; version: number }): ContentGrantCheck {
    const checked = verifyJws(grant, this.publicKey, CONTENT_GRANT_TYPE);
    if (!checked.ok) return { ok: false, reason: checked.reason === 'malformed' ? 'the content grant is malformed' : 'the content grant is not signed by the advertisement service' };
    const claims = checked.payload as Partial<Record<keyof ContentGrantClaims, unknown>> | undefined;
    if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
      return { ok: false, reason: 'the content grant is malformed' };
    }
    if (claims.sub !== expected.clientId) return { ok: false, reason: 'the content grant was made for another client' };
    if (claims.pkg !== expected.packageId || claims.ver !== expected.version) {
      return { ok: false, reason: `the content grant is for ${String(claims.pkg)} version ${String(claims.ver)}, not ${expected.packageId} version ${expected.version}` };
    }
    if (claims.exp <= Math.floor(this.now() / 1000)) return { ok: false, reason: 'the content grant has expired; ask the advertisement service for a new one' };
    return { ok: true };
  }
}

/** The key setting, or the development key where NODE_ENV is not production (there it must be set). */
function keySetting(env: NodeJS.ProcessEnv, variable: string, developmentKey: string): string {
  const setting = env[variable];
  if (setting?.trim()) return setting;
  if (env.NODE_ENV === 'production') throw new Error(`${variable} must be set (NODE_ENV=production refuses the development key pair)`);
  return developmentKey;
}

export function loadContentGrantIssuer(env: NodeJS.ProcessEnv, lifetimeSeconds?: number): ContentGrantIssuer {
  const setting = keySetting(env, CONTENT_GRANT_PRIVATE_KEY_VARIABLE, DEV_CONTENT_GRANT_KEYPAIR.privateKey);
  return new ContentGrantIssuer(parseClientTokenPrivateKey(setting, CONTENT_GRANT_PRIVATE_KEY_VARIABLE), lifetimeSeconds);
}

export function loadContentGrantVerifier(env: NodeJS.ProcessEnv): ContentGrantVerifier {
  const setting = keySetting(env, CONTENT_GRANT_PUBLIC_KEY_VARIABLE, DEV_CONTENT_GRANT_KEYPAIR.publicKey);
  return new ContentGrantVerifier(parseClientTokenPublicKey(setting, CONTENT_GRANT_PUBLIC_KEY_VARIABLE));
}
