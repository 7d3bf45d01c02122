import { KeyObject, sign, verify } from 'node:crypto';

/**
 * Compact JWS (`header.payload.signature`, base64url) signed with Ed25519 (`alg: EdDSA`): the one
 * format of the platform's signed tokens (client tokens, content grants), readable by any JWT tool
 * while only node:crypto is needed here.
 */
const MAX_TOKEN_LENGTH = 4096;
const ED25519_SIGNATURE_BYTES = 64;
const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;

export type JwsCheck = { readonly ok: true; readonly payload: unknown } | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' };

function decodeJsonSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function requireEd25519Key(key: KeyObject, type: 'private' | 'public', purpose: string): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${purpose} need an Ed25519 ${type} key`);
  }
}

/** Signs `claims` under a header naming `typ`. */
export function signJws(claims: object, typ: string, privateKey: KeyObject): string {
  const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ })).toString('base64url');
  const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/**
 * The payload of a token whose Ed25519 signature checks out under `publicKey`. The algorithm is
 * pinned (no `alg: none`, no key confusion); `typ`, when given, must match too, so a token made
 * for one purpose is never taken for another.
 */
export function verifyJws(token: string, publicKey: KeyObject, typ?: string): JwsCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL_SEGMENT.test(segment))) return { ok: false, reason: 'malformed' };
  const [headerSegment, payloadSegment, signatureSegment] = segments;
  const header = decodeJsonSegment(headerSegment) as Record<string, unknown> | undefined;
  if (typeof header !== 'object' || header === null || header.alg !== 'EdDSA' || (typ !== undefined && header.typ !== typ)) {
    return { ok: false, reason: 'malformed' };
  }
  const signature = Buffer.from(signatureSegment, 'base64url');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return { ok: false, reason: 'bad-signature' };
  if (!verify(null, Buffer.from(`${headerSegment}.${payloadSegment}`), publicKey, signature)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, payload: decodeJsonSegment(payloadSegment) };
}
