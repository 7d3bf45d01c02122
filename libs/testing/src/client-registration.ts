import { createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { clientKeyProofMessage, ClientKeyProof } from '@sdp/contracts';

/** A client's Ed25519 key as tests hold it: the private key signs, `publicKey` is what targeting stores. */
export interface TestClientKey {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}

export function newClientKey(): TestClientKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: createPublicKey(privateKey).export({ format: 'jwk' }).x as string };
}

/** Asks targeting (its base URL) for a challenge and signs it with `key`, as the agent does. */
export async function clientKeyProof(targetingUrl: string, key: TestClientKey): Promise<{ publicKey: string; proof: ClientKeyProof }> {
  const response = await fetch(`${targetingUrl.replace(/\/+$/, '')}/api/v1/clients/challenge`, { method: 'POST' });
  if (response.status !== 200) {
    throw new Error(`challenge answered ${response.status}`);
  }
  const { challenge } = (await response.json()) as { challenge: string };
  return { publicKey: key.publicKey, proof: { challenge, signature: sign(null, clientKeyProofMessage(challenge), key.privateKey).toString('base64url') } };
}

export interface TestRegistration {
  readonly status: number;
  readonly body: { clientId?: string; token?: string; status?: string; message?: string; expiresAt?: string };
  readonly key: TestClientKey;
}

/**
 * Registers a computer with targeting as its agent would: `fields` are the registration body
 * (enrollmentSecret, name, hardwareId, os, ipAddresses, ...), signed for with `key` (a new one unless given).
 */
export async function registerClient(targetingUrl: string, fields: Record<string, unknown>, key: TestClientKey = newClientKey()): Promise<TestRegistration> {
  const response = await fetch(`${targetingUrl.replace(/\/+$/, '')}/api/v1/clients/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...fields, ...(await clientKeyProof(targetingUrl, key)) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, key };
}

/** registerClient that must succeed with a token (201). */
export async function registeredClient(targetingUrl: string, fields: Record<string, unknown>, key?: TestClientKey): Promise<{ clientId: string; token: string; key: TestClientKey }> {
  const registration = await registerClient(targetingUrl, fields, key);
  if (registration.status !== 201 || !registration.body.clientId || !registration.body.token) {
    throw new Error(`registering ${String(fields.name)} answered ${registration.status} ${JSON.stringify(registration.body)}`);
  }
  return { clientId: registration.body.clientId, token: registration.body.token, key: registration.key };
}
