import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { clientKeyProofMessage } from '@sdp/contracts';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from '../state/atomic-file';
import { HttpError } from './http';
import { Credentials, KeyProof, RegistrationRequest, ServiceClient } from './service-client';

export interface IdentityFile {
  clientId: string;
  token: string;
  hardwareId: string;
}

/**
 * Where a session keeps its identity and private key: the agent's data dir (fileSessionStore), or
 * memory for the fleet simulator's thousands of agents in one process.
 */
export interface SessionStore {
  readIdentity(): Promise<IdentityFile | undefined>;
  writeIdentity(identity: IdentityFile): Promise<void>;
  /** The private key's PEM, or undefined when none was made yet. */
  readKey(): Promise<string | undefined>;
  writeKey(pem: string): Promise<void>;
  /** Names the key's place in messages (never its content). */
  readonly keyName: string;
}

/** The agent's store: both files in the data dir, mode 0600. */
export function fileSessionStore(paths: { identity: string; clientKey: string }): SessionStore {
  return {
    readIdentity: () => readJsonFile<IdentityFile>(paths.identity),
    writeIdentity: async (identity) => {
      await writeJsonAtomic(paths.identity, identity, 0o600);
      await chmod(paths.identity, 0o600);
    },
    readKey: async () => {
      try {
        return await readFile(paths.clientKey, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return undefined;
        }
        throw error;
      }
    },
    writeKey: (pem) => writeFileAtomic(paths.clientKey, pem, 0o600),
    keyName: paths.clientKey,
  };
}

/** What the session tells about itself: renewals and key adoption are worth a line in the agent's log. */
export type SessionEvent = (name: 'token-renewed' | 'key-adopted' | 'key-created', fields: Record<string, unknown>) => void;

/** Renew when less than this share of the token's lifetime is left, so a poll rarely meets an expired token. */
const RENEW_WHEN_LIFETIME_LEFT = 0.2;

/**
 * The agent's identity: an Ed25519 key pair made on first start (private key in the data dir,
 * mode 0600, never sent) and the client ID and token targeting gave for it (mode 0600 too).
 * Tokens expire; the session renews one before it ends, and after a 401, by signing a challenge
 * with the key. If renewal is refused (the client was deleted, or another key took it over) it
 * registers again, with the same key. An identity from before keys is moved to a key on start,
 * with its old token, without an administrator.
 */
export class ClientSession {
  private identity: IdentityFile | undefined;
  private key: KeyObject | undefined;

  constructor(
    private readonly services: ServiceClient,
    private readonly store: SessionStore,
    private readonly registration: () => Promise<RegistrationRequest>,
    private readonly onEvent: SessionEvent = () => undefined,
  ) {}

  /** Loads (or makes) the key and loads the credentials of an earlier registration; true if there were any. */
  async load(): Promise<boolean> {
    const { key, created } = await this.loadOrCreateKey();
    this.key = key;
    this.identity = await this.store.readIdentity();
    if (this.identity && created) {
      await this.adoptKey(this.identity);
    }
    return this.identity !== undefined;
  }

  async credentials(): Promise<Credentials> {
    if (!this.identity) {
      return this.register();
    }
    if (renewalDue(this.identity.token)) {
      return this.renew();
    }
    return this.identity;
  }

  async register(): Promise<Credentials> {
    const request = await this.registration();
    const credentials = await this.services.register({ ...request, ...(await this.keyProof()) });
    return this.save({ ...credentials, hardwareId: request.hardwareId });
  }

  /** A new token on proof of the key; registers again if targeting no longer takes the key for this client. */
  async renew(): Promise<Credentials> {
    if (!this.identity) {
      return this.register();
    }
    try {
      const { proof } = await this.keyProof();
      const credentials = await this.services.renewToken(this.identity.clientId, proof);
      this.onEvent('token-renewed', { clientId: credentials.clientId });
      return this.save({ ...credentials, hardwareId: this.identity.hardwareId });
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
        return this.register();
      }
      throw error;
    }
  }

  /** Calls with the current credentials, renewing once if the token is refused. */
  async call<T>(operation: (credentials: Credentials) => Promise<T>): Promise<T> {
    try {
      return await operation(await this.credentials());
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        return operation(await this.renew());
      }
      throw error;
    }
  }

  /**
   * An identity without a key: registered by an agent from before client keys. Its old token buys
   * the new key a token; if targeting refuses (the client has a key already, was deleted, the token
   * is gone), the agent registers afresh.
   */
  private async adoptKey(identity: IdentityFile): Promise<void> {
    try {
      const credentials = await this.services.adoptKey(identity, await this.keyProof());
      this.onEvent('key-adopted', { clientId: credentials.clientId });
      await this.save({ ...credentials, hardwareId: identity.hardwareId });
    } catch (error) {
      if (error instanceof HttpError && error.status >= 400 && error.status < 500) {
        this.identity = undefined;
        return;
      }
      throw error;
    }
  }

  private async keyProof(): Promise<KeyProof> {
    const challenge = await this.services.challenge();
    const key = this.key!;
    return {
      publicKey: createPublicKey(key).export({ format: 'jwk' }).x as string,
      proof: { challenge, signature: sign(null, clientKeyProofMessage(challenge), key).toString('base64url') },
    };
  }

  private async save(identity: IdentityFile): Promise<IdentityFile> {
    this.identity = identity;
    await this.store.writeIdentity(identity);
    return identity;
  }

  private async loadOrCreateKey(): Promise<{ key: KeyObject; created: boolean }> {
    const pem = await this.store.readKey();
    if (pem === undefined) {
      const { privateKey } = generateKeyPairSync('ed25519');
      await this.store.writeKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      this.onEvent('key-created', {});
      return { key: privateKey, created: true };
    }
    try {
      const key = createPrivateKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') {
        throw new Error('not Ed25519');
      }
      return { key, created: false };
    } catch {
      // The key text stays out of the message.
      throw new Error(`${this.store.keyName} is not an Ed25519 private key; move it away to register this computer afresh`);
    }
  }
}

/** Whether the token is close enough to its end to renew now; a token that cannot be read is renewed. */
function renewalDue(token: string, now = Date.now()): boolean {
  try {
    const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iat?: unknown; exp?: unknown };
    if (typeof iat !== 'number' || typeof exp !== 'number') {
      return true;
    }
    return exp * 1000 - now < (exp - iat) * 1000 * RENEW_WHEN_LIFETIME_LEFT;
  } catch {
    return true;
  }
}
