import { chmod } from 'node:fs/promises';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';
import { HttpError } from './http';
import { Credentials, RegistrationRequest, ServiceClient } from './service-client';

interface IdentityFile {
  clientId: string;
  token: string;
  hardwareId: string;
}

/**
 * The agent's registration: done once, kept (mode 0600, it holds the token) in the data dir.
 * A 401 (token expired, service lost its keys) registers again with the same hardwareId, which
 * the service maps to the same client.
 */
export class ClientSession {
  private identity: IdentityFile | undefined;

  constructor(
    private readonly services: ServiceClient,
    private readonly identityPath: string,
    private readonly registration: () => Promise<RegistrationRequest>,
  ) {}

  /** Registered before (credentials on disk)? Loads them. */
  async load(): Promise<boolean> {
    this.identity = await readJsonFile<IdentityFile>(this.identityPath);
    return this.identity !== undefined;
  }

  async credentials(): Promise<Credentials> {
    if (!this.identity) {
      await this.register();
    }
    return this.identity!;
  }

  async register(): Promise<Credentials> {
    const request = await this.registration();
    const credentials = await this.services.register(request);
    this.identity = { ...credentials, hardwareId: request.hardwareId };
    await writeJsonAtomic(this.identityPath, this.identity, 0o600);
    await chmod(this.identityPath, 0o600);
    return this.identity;
  }

  /** Calls with the current credentials, registering again once if the token is refused. */
  async call<T>(operation: (credentials: Credentials) => Promise<T>): Promise<T> {
    try {
      return await operation(await this.credentials());
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        return operation(await this.register());
      }
      throw error;
    }
  }
}
