import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

export const CLIENT_TOKEN_PRIVATE_KEY_VARIABLE = 'SDP_CLIENT_TOKEN_PRIVATE_KEY';
export const CLIENT_TOKEN_PUBLIC_KEY_VARIABLE = 'SDP_CLIENT_TOKEN_PUBLIC_KEY';

/** An Ed25519 key pair as PEM text (PKCS#8 private key, SPKI public key). */
export interface ClientTokenKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/**
 * LOCAL DEVELOPMENT ONLY. Checked in so `npm start`, tests and the demo work without setup; anyone
 * can read it, so tokens it signs prove nothing. Used when the key variables are unset, and
 * services refuse to start with it under NODE_ENV=production.
 */
export const DEV_CLIENT_TOKEN_KEYPAIR: ClientTokenKeyPair = Object.freeze({
  privateKey: [
    '-----BEGIN PRIVATE KEY-----',
    'MC4CAQAwBQYDK2VwBCIEICuAEvV6TGyCeOYc9nDl2xK6FDlepzI1JgPG9StOKF9E',
    '-----END PRIVATE KEY-----',
    '',
  ].join('\n'),
  publicKey: [
    '-----BEGIN PUBLIC KEY-----',
    'MCowBQYDK2VwAyEAnNhQGaaX8I7RrsQmzKIOlVhXLZOFS0PVcF9RXhaxFPk=',
    '-----END PUBLIC KEY-----',
    '',
  ].join('\n'),
});

export function generateClientTokenKeyPair(): ClientTokenKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

type KeyKind = 'private' | 'public';

function invalidKey(variableName: string, kind: KeyKind): Error {
  const derType = kind === 'private' ? 'PKCS#8' : 'SPKI';
  return new Error(`${variableName} is not a valid Ed25519 ${kind} key (PEM, or base64 ${derType} DER)`);
}

/** Parses without ever putting the key text into an error: the crypto error is dropped on purpose. */
function parseKey(setting: string, variableName: string, kind: KeyKind): KeyObject {
  const text = setting.trim();
  let key: KeyObject;
  try {
    if (text.includes('-----BEGIN')) {
      // Environment files often carry PEM on one line with literal \n sequences.
      const pem = text.replace(/\\n/g, '\n');
      if (kind === 'public' && pem.includes('PRIVATE KEY')) {
        throw new Error('private key given where a public key belongs');
      }
      key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    } else {
      if (!BASE64.test(text)) {
        throw new Error('not base64');
      }
      const der = Buffer.from(text, 'base64');
      key =
        kind === 'private'
          ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
          : createPublicKey({ key: der, format: 'der', type: 'spki' });
    }
  } catch {
    throw invalidKey(variableName, kind);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw invalidKey(variableName, kind);
  }
  return key;
}

export function parseClientTokenPrivateKey(
  setting: string,
  variableName: string = CLIENT_TOKEN_PRIVATE_KEY_VARIABLE,
): KeyObject {
  return parseKey(setting, variableName, 'private');
}

export function parseClientTokenPublicKey(
  setting: string,
  variableName: string = CLIENT_TOKEN_PUBLIC_KEY_VARIABLE,
): KeyObject {
  return parseKey(setting, variableName, 'public');
}

export function loadClientTokenPrivateKey(env: NodeJS.ProcessEnv): KeyObject {
  const setting = env[CLIENT_TOKEN_PRIVATE_KEY_VARIABLE];
  return parseClientTokenPrivateKey(setting?.trim() ? setting : DEV_CLIENT_TOKEN_KEYPAIR.privateKey);
}

export function loadClientTokenPublicKey(env: NodeJS.ProcessEnv): KeyObject {
  const setting = env[CLIENT_TOKEN_PUBLIC_KEY_VARIABLE];
  return parseClientTokenPublicKey(setting?.trim() ? setting : DEV_CLIENT_TOKEN_KEYPAIR.publicKey);
}

/** True when both keys (private or public) belong to the same key pair. */
export function belongToSameKeyPair(left: KeyObject, right: KeyObject): boolean {
  const publicDer = (key: KeyObject): Buffer =>
    (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return publicDer(left).equals(publicDer(right));
}
