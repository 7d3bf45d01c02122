import { createPublicKey, KeyObject, randomUUID, verify } from 'node:crypto';
import { clientKeyProofMessage } from '@sdp/contracts';
import { requireEd25519Key, signJws, verifyJws } from './compact-jws';
import { Clock } from './client-token';

/**
 * A client's identity is an Ed25519 key pair its agent made; targeting keeps the public key and
 * asks for a signed challenge whenever the client wants credentials (registering again, renewing
 * its token, adopting a key). Keys travel as the 32 raw bytes in base64url, the `x` of an OKP JWK.
 */
const ED25519_PUBLIC_KEY_BASE64URL = /^[A-Za-z0-9_-]{43}$/;
const ED25519_SIGNATURE_BASE64URL = /^[A-Za-z0-9_-]{86}$/;

/** The public key a client registers, or undefined for anything that is not a 32-byte Ed25519 key. */
export function parseClientPublicKey(text: unknown): KeyObject | undefined {
  if (typeof text !== 'string' || !ED25519_PUBLIC_KEY_BASE64URL.test(text) || Buffer.from(text, 'base64url').length !== 32) {
    return undefined;
  }
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** The form `parseClientPublicKey` reads, from any Ed25519 public or private key. */
export function clientPublicKeyText(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  requireEd25519Key(publicKey, 'public', 'Client keys');
  return publicKey.export({ format: 'jwk' }).x as string;
}

/** Whether `signature` (base64url) is the key holder's signature of the proof message of `challenge`. */
export function isValidClientKeySignature(publicKey: KeyObject, challenge: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || !ED25519_SIGNATURE_BASE64URL.test(signature)) {
    return false;
  }
  return verify(null, clientKeyProofMessage(challenge), publicKey, Buffer.from(signature, 'base64url'));
}

/** How long a client has to sign and send back a challenge. */
export const CLIENT_CHALLENGE_LIFETIME_SECONDS = 120;

const CHALLENGE_TYPE = 'sdp-client-challenge+jwt';

export interface IssuedChallenge {
  readonly challenge: string;
  readonly expiresAt: string;
}

export type ChallengeCheck =
  | { readonly ok: true; readonly nonce: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'expired' };

/**
 * How many challenges an instance remembers having issued, until they are checked or expire. A
 * challenge it remembers needs no signature check (an Ed25519 verification, the largest cost of
 * checking a proof but the client's own); one it forgot, or another replica issued, is verified.
 */
export const ISSUED_CHALLENGE_MEMORY = 10_000;

/**
 * Challenges are signed by the service that issues them, so issuing one stores nothing (an
 * unauthenticated caller cannot fill a table: what an instance remembers of its challenges is
 * bounded, and only spares it a verification); the nonce of a challenge that was used is stored
 * by the caller until the challenge expires, which makes each challenge good for one proof.
 */
export class ClientChallenges {
  private readonly publicKey: KeyObject;
  /** Challenges issued here and not checked yet, oldest first: exactly the text signed, with its nonce and expiry. */
  private readonly issued = new Map<string, { readonly nonce: string; readonly exp: number }>();

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: Clock = Date.now,
    private readonly lifetimeSeconds = CLIENT_CHALLENGE_LIFETIME_SECONDS,
    private readonly memory = ISSUED_CHALLENGE_MEMORY,
  ) {
    requireEd25519Key(privateKey, 'private', 'Client challenges');
    this.publicKey = createPublicKey(privateKey);
  }

  issue(): IssuedChallenge {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.lifetimeSeconds;
    const nonce = randomUUID();
    const challenge = signJws({ nonce, iat, exp }, CHALLENGE_TYPE, this.privateKey);
    this.remember(challenge, nonce, exp, iat);
    return { challenge, expiresAt: new Date(exp * 1000).toISOString() };
  }

  check(challenge: unknown): ChallengeCheck {
    if (typeof challenge !== 'string') {
      return { ok: false, reason: 'malformed' };
    }
    const issuedHere = this.issued.get(challenge);
    this.issued.delete(challenge);
    const { nonce, exp } = issuedHere ?? this.verified(challenge);
    if (typeof nonce !== 'string' || typeof exp !== 'number' || !Number.isSafeInteger(exp)) {
      return { ok: false, reason: 'malformed' };
    }
    if (exp <= Math.floor(this.now() / 1000)) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, nonce, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a challenge whose signature checks out under this service's key; none otherwise. */
  private verified(challenge: string): Record<string, unknown> {
    const checked = verifyJws(challenge, this.publicKey, CHALLENGE_TYPE);
    return checked.ok && typeof checked.payload === 'object' && checked.payload !== null ? (checked.payload as Record<string, unknown>) : {};
  }

  /** Keeps the challenge for check; expired ones, and the oldest beyond `memory`, are forgotten. */
  private remember(challenge: string, nonce: string, exp: number, nowSeconds: number): void {
    if (this.memory <= 0) {
      return;
    }
    for (const [oldest, { exp: oldestExp }] of this.issued) {
      if (oldestExp > nowSeconds && this.issued.size < this.memory) {
        break;
      }
      this.issued.delete(oldest);
    }
    this.issued.set(challenge, { nonce, exp });
  }
}
