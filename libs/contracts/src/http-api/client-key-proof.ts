/**
 * How a client proves that it holds the private key of the Ed25519 public key it registered:
 * it signs a challenge that targeting issued (`POST /api/v1/clients/challenge`), prefixed with this
 * context so the signature can never be taken for one over any other data. The agent signs, the
 * targeting service verifies; both build the message here.
 */
export const CLIENT_KEY_PROOF_CONTEXT = 'sdp-client-key-proof-v1';

export function clientKeyProofMessage(challenge: string): Buffer {
  return Buffer.from(`${CLIENT_KEY_PROOF_CONTEXT}\n${challenge}`, 'utf8');
}

/** A challenge from targeting and the client's Ed25519 signature of `clientKeyProofMessage(challenge)`, base64url. */
export interface ClientKeyProof {
  readonly challenge: string;
  readonly signature: string;
}
