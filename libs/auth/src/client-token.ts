import { KeyObject, randomUUID } from 'node:crypto';
import { requireEd25519Key, signJws, verifyJws } from './compact-jws';

/**
 * Client tokens are compact JWS (`header.payload.signature`, base64url) signed with Ed25519
 * (`alg: EdDSA`), so any JWT tool can read them while only node:crypto is needed here.
 */
export interface ClientTokenClaims {
  /** Client ID. */
  readonly sub: string;
  /** Site code the client registered at. */
  readonly site: string;
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expiry, seconds since the epoch; absent means the token lasts until the client is blocked. */
  readonly exp?: number;
  readonly jti?: string;
}

export interface IssueClientTokenInput {
  readonly clientId: string;
  readonly siteCode: string;
  readonly expiresInSeconds?: number;
  /** Defaults to a random UUID. */
  readonly tokenId?: string;
}

export type ClientTokenRejection = 'malformed' | 'bad-signature' | 'expired' | 'revoked';

export type ClientTokenVerification =
  | { readonly ok: true; readonly claims: ClientTokenClaims }
  | { readonly ok: false; readonly reason: ClientTokenRejection };

/** Answers whether a client is blocked; services learn that from client events. */
export interface ClientRevocationList {
  isRevoked(clientId: string): boolean | Promise<boolean>;
}

/** Milliseconds since the epoch; injectable so tests can move time. */
export type Clock = () => number;

/** The JWS `typ` of client tokens: the plain JWT of any JWT tool. */
const CLIENT_TOKEN_TYPE = 'JWT';

function requireKeyType(key: KeyObject, type: 'private' | 'public'): void {
  requireEd25519Key(key, type, 'Client tokens');
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function asClaims(payload: unknown): ClientTokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const { sub, site, iat, exp, jti } = payload as Record<string, unknown>;
  if (!isNonEmptyString(sub) || !isNonEmptyString(site) || !isEpochSeconds(iat)) {
    return undefined;
  }
  if ((exp !== undefined && !isEpochSeconds(exp)) || (jti !== undefined && typeof jti !== 'string')) {
    return undefined;
  }
  return { sub, site, iat, ...(exp !== undefined && { exp }), ...(jti !== undefined && { jti }) };
}

export class ClientTokenIssuer {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: Clock = Date.now,
  ) {
    requireKeyType(privateKey, 'private');
  }

  issue(input: IssueClientTokenInput): string {
    if (!isNonEmptyString(input.clientId) || !isNonEmptyString(input.siteCode)) {
      throw new Error('A client token needs a client ID and a site code');
    }
    if (input.expiresInSeconds !== undefined && !(Number.isSafeInteger(input.expiresInSeconds) && input.expiresInSeconds > 0)) {
      throw new Error('expiresInSeconds must be a positive whole number');
    }
    const iat = Math.floor(this.now() / 1000);
    const claims: ClientTokenClaims = {
      sub: input.clientId,
      site: input.siteCode,
      iat,
      ...(input.expiresInSeconds !== undefined && { exp: iat + input.expiresInSeconds }),
      jti: input.tokenId ?? randomUUID(),
    };
    return signJws(claims, CLIENT_TOKEN_TYPE, this.privateKey);
  }
}

/**
 * How many verified tokens a verifier remembers. An Ed25519 verification costs a few hundred
 * microseconds here — more than the rest of a 304 policy poll — and clients present the same token
 * on every poll; 100,000 entries of about 400 bytes each cover a large site.
 */
export const VERIFIED_TOKEN_CACHE_SIZE = 100_000;

export class ClientTokenVerifier {
  /** Tokens whose signature and claims checked out, oldest first; expiry and revocation are still checked on every use. */
  private readonly verified = new Map<string, ClientTokenClaims>();

  constructor(
    private readonly publicKey: KeyObject,
    private readonly now: Clock = Date.now,
    private readonly cacheSize = VERIFIED_TOKEN_CACHE_SIZE,
  ) {
    requireKeyType(publicKey, 'public');
  }

  async verify(token: string, revocations?: ClientRevocationList): Promise<ClientTokenVerification> {
    const checked = this.verifiedBefore(token) ?? this.remember(token, this.checkSignatureAndClaims(token));
    if (!checked.ok) {
      return checked;
    }
    if (revocations && (await revocations.isRevoked(checked.claims.sub))) {
      return { ok: false, reason: 'revoked' };
    }
    return checked;
  }

  private verifiedBefore(token: string): ClientTokenVerification | undefined {
    const claims = this.verified.get(token);
    if (claims === undefined) {
      return undefined;
    }
    if (this.isExpired(claims)) {
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims };
  }

  private remember(token: string, checked: ClientTokenVerification): ClientTokenVerification {
    if (checked.ok && this.cacheSize > 0) {
      if (this.verified.size >= this.cacheSize) {
        this.verified.delete(this.verified.keys().next().value as string);
      }
      this.verified.set(token, checked.claims);
    }
    return checked;
  }

  private isExpired(claims: ClientTokenClaims): boolean {
    return claims.exp !== undefined && claims.exp <= Math.floor(this.now() / 1000);
  }

  private checkSignatureAndClaims(token: string): ClientTokenVerification {
    const checked = verifyJws(token, this.publicKey);
    if (!checked.ok) {
      return checked;
    }
    const claims = asClaims(checked.payload);
    if (!claims) {
      return { ok: false, reason: 'malformed' };
    }
    if (this.isExpired(claims)) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims };
  }
}
