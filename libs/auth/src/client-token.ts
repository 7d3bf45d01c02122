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
  /**
   * Expiry, seconds since the epoch. Tokens issued before client keys had none; they are refused
   * everywhere except where a client trades one for a key (`allowWithoutExpiry`).
   */
  readonly exp?: number;
  readonly jti?: string;
  /** The client's key generation when issued: targeting counts it up whenever the client gets a new key, which retires older tokens. */
  readonly gen?: number;
}

/** How long a client token lasts unless targeting is configured otherwise (CLIENT_TOKEN_LIFETIME_SECONDS). */
export const DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS = 3600;
/** The longest lifetime any service accepts: a token claiming to last longer is refused as forged or misconfigured. */
export const MAX_CLIENT_TOKEN_LIFETIME_SECONDS = 86_400;
/** Clock difference between services that is tolerated when checking a token's times. */
const CLOCK_SKEW_SECONDS = 60;

export interface IssueClientTokenInput {
  readonly clientId: string;
  readonly siteCode: string;
  /** Defaults to DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS; at most MAX_CLIENT_TOKEN_LIFETIME_SECONDS. */
  readonly expiresInSeconds?: number;
  /** Defaults to 0, the generation of a client that never changed its key. */
  readonly keyGeneration?: number;
  /** Defaults to a random UUID. */
  readonly tokenId?: string;
}

/**
 * `no-expiry`: a token from before tokens expired; `blocked`: the client is blocked or deleted;
 * `superseded`: the client has a newer key (its key generation moved past the token's).
 */
export type ClientTokenRejection = 'malformed' | 'bad-signature' | 'expired' | 'no-expiry' | 'blocked' | 'superseded';

export type ClientTokenVerification =
  | { readonly ok: true; readonly claims: ClientTokenClaims }
  | { readonly ok: false; readonly reason: ClientTokenRejection };

export type ClientCredentialStatus = 'valid' | 'blocked' | 'superseded';

/** Answers whether a client's token still stands; services learn blocks, deletes and new keys from client events. */
export interface ClientRevocationList {
  statusOf(clientId: string, keyGeneration: number): ClientCredentialStatus | Promise<ClientCredentialStatus>;
}

export interface VerifyClientTokenOptions {
  /** Accept a token without `exp`: only where a client registered before keys trades it for a key. */
  readonly allowWithoutExpiry?: boolean;
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
  const { sub, site, iat, exp, jti, gen } = payload as Record<string, unknown>;
  if (!isNonEmptyString(sub) || !isNonEmptyString(site) || !isEpochSeconds(iat)) {
    return undefined;
  }
  if ((exp !== undefined && !isEpochSeconds(exp)) || (jti !== undefined && typeof jti !== 'string') || (gen !== undefined && !isEpochSeconds(gen))) {
    return undefined;
  }
  return { sub, site, iat, ...(exp !== undefined && { exp }), ...(jti !== undefined && { jti }), ...(gen !== undefined && { gen }) };
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
    const lifetime = input.expiresInSeconds ?? DEFAULT_CLIENT_TOKEN_LIFETIME_SECONDS;
    if (!(Number.isSafeInteger(lifetime) && lifetime > 0 && lifetime <= MAX_CLIENT_TOKEN_LIFETIME_SECONDS)) {
      throw new Error(`expiresInSeconds must be a whole number from 1 to ${MAX_CLIENT_TOKEN_LIFETIME_SECONDS}`);
    }
    const generation = input.keyGeneration ?? 0;
    if (!isEpochSeconds(generation)) {
      throw new Error('keyGeneration must be a whole number of 0 or more');
    }
    const iat = Math.floor(this.now() / 1000);
    const claims: ClientTokenClaims = {
      sub: input.clientId,
      site: input.siteCode,
      iat,
      exp: iat + lifetime,
      jti: input.tokenId ?? randomUUID(),
      gen: generation,
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

  async verify(token: string, revocations?: ClientRevocationList, options: VerifyClientTokenOptions = {}): Promise<ClientTokenVerification> {
    const checked = this.verifiedBefore(token) ?? this.remember(token, this.checkSignatureAndClaims(token));
    if (!checked.ok) {
      return checked;
    }
    if (checked.claims.exp === undefined && !options.allowWithoutExpiry) {
      return { ok: false, reason: 'no-expiry' };
    }
    const status = revocations ? await revocations.statusOf(checked.claims.sub, checked.claims.gen ?? 0) : 'valid';
    return status === 'valid' ? checked : { ok: false, reason: status };
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
    if (checked.ok && checked.claims.exp !== undefined && this.cacheSize > 0) {
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
    const checked = verifyJws(token, this.publicKey, CLIENT_TOKEN_TYPE);
    if (!checked.ok) {
      return checked;
    }
    const claims = asClaims(checked.payload);
    const latestExpiry = Math.floor(this.now() / 1000) + MAX_CLIENT_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS;
    if (!claims || (claims.exp !== undefined && (claims.exp > latestExpiry || claims.exp - claims.iat > MAX_CLIENT_TOKEN_LIFETIME_SECONDS))) {
      return { ok: false, reason: 'malformed' };
    }
    if (this.isExpired(claims)) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims };
  }
}
