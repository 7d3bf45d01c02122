import type { ClientKeyProof, ContentGrant, PolicyBody, ProgramOutput } from '@sdp/contracts';
import { HttpAnswer, HttpError, HttpRequest, requestJson } from './http';

export interface ServiceUrls {
  targeting: string;
  advertisement: string;
  replication: string;
}

export interface RegistrationRequest {
  enrollmentSecret: string;
  name: string;
  hardwareId: string;
  domain?: string | null;
  os: { name: string; version: string; arch: string };
  ipAddresses: string[];
  inventory?: Record<string, unknown>;
}

/** What the agent proves its key with: its public key (base64url, 32 bytes) and a signed challenge. */
export interface KeyProof {
  publicKey: string;
  proof: ClientKeyProof;
}

/** Targeting recorded the client but gives it no token until an administrator approves it (202). */
export class PendingApprovalError extends Error {
  constructor(
    readonly clientId: string,
    message = 'waiting for an administrator to approve this computer',
  ) {
    super(message);
  }
}

function credentialsFrom(status: number, body: Partial<Credentials> | undefined): Credentials {
  if (typeof body?.clientId !== 'string' || typeof body.token !== 'string') {
    throw new HttpError(status, 'targeting answered without clientId and token');
  }
  return { clientId: body.clientId, token: body.token };
}

export interface Credentials {
  clientId: string;
  token: string;
}

export interface StatusReport {
  advertisementId: string;
  state: string;
  messageId: number | null;
  exitCode: number | null;
  detail: string | null;
  at: string;
  seq: number;
  output?: ProgramOutput | null;
  packageVersion?: number | null;
}

export interface ContentLocation {
  distributionPoint: string;
  local: boolean;
  protected: boolean;
  manifestUrl: string;
  objects: { sha256: string; size: number; url: string }[];
}

export type PolicyAnswer = { changed: false } | { changed: true; etag: string | null; body: PolicyBody };

/** The client endpoints of the three services the agent talks to. */
export class ServiceClient {
  /** `fetch`: the global one unless given (the fleet simulator counts requests through its own). */
  constructor(
    private readonly urls: ServiceUrls,
    private readonly fetchImpl?: typeof fetch,
  ) {}

  /** A challenge to sign with the client key; good for one proof, for a short while. */
  async challenge(): Promise<string> {
    const answer = await this.request({ method: 'POST', url: this.url('targeting', '/api/v1/clients/challenge') });
    const challenge = (answer.body as { challenge?: unknown } | undefined)?.challenge;
    if (typeof challenge !== 'string') {
      throw new HttpError(answer.status, 'the challenge answer has no challenge');
    }
    return challenge;
  }

  async register(request: RegistrationRequest & KeyProof): Promise<Credentials> {
    const answer = await this.request({ method: 'POST', url: this.url('targeting', '/api/v1/clients/register'), body: request });
    const body = answer.body as (Partial<Credentials> & { message?: unknown }) | undefined;
    if (answer.status === 202 && typeof body?.clientId === 'string') {
      throw new PendingApprovalError(body.clientId, typeof body.message === 'string' ? body.message : undefined);
    }
    return credentialsFrom(answer.status, body);
  }

  /** A new token for this client, on proof of its key. */
  async renewToken(clientId: string, proof: ClientKeyProof): Promise<Credentials> {
    const answer = await this.request({ method: 'POST', url: this.url('targeting', `/api/v1/clients/${clientId}/token`), body: proof });
    return credentialsFrom(answer.status, answer.body as Partial<Credentials> | undefined);
  }

  /** For a client registered before keys: trades its old token for one bound to its new key. */
  async adoptKey(credentials: Credentials, key: KeyProof): Promise<Credentials> {
    const answer = await this.request({ method: 'PUT', url: this.url('targeting', `/api/v1/clients/${credentials.clientId}/key`), token: credentials.token, body: key });
    return credentialsFrom(answer.status, answer.body as Partial<Credentials> | undefined);
  }

  async putInventory(credentials: Credentials, document: Omit<RegistrationRequest, 'enrollmentSecret' | 'hardwareId'>): Promise<void> {
    await this.request({ method: 'PUT', url: this.url('targeting', `/api/v1/clients/${credentials.clientId}/inventory`), token: credentials.token, body: document });
  }

  async heartbeat(credentials: Credentials): Promise<void> {
    await this.request({ method: 'POST', url: this.url('targeting', `/api/v1/clients/${credentials.clientId}/heartbeat`), token: credentials.token });
  }

  async policy(credentials: Credentials, etag: string | null): Promise<PolicyAnswer> {
    const answer = await this.request({
      method: 'GET',
      url: this.url('advertisement', `/api/v1/clients/${credentials.clientId}/policy`),
      token: credentials.token,
      headers: etag ? { 'if-none-match': etag } : {},
    });
    if (answer.status === 304) {
      return { changed: false };
    }
    return { changed: true, etag: answer.headers.get('etag'), body: answer.body as PolicyBody };
  }

  async sendStatus(credentials: Credentials, reports: readonly StatusReport[]): Promise<void> {
    await this.request({ method: 'POST', url: this.url('advertisement', `/api/v1/clients/${credentials.clientId}/status`), token: credentials.token, body: reports });
  }

  /** A grant to fetch this package version: the advertisement service signs it while this client's policy runs it. */
  async contentGrant(credentials: Credentials, packageId: string, version: number): Promise<ContentGrant> {
    const query = new URLSearchParams({ packageId, version: String(version) });
    const answer = await this.request({ method: 'GET', url: this.url('advertisement', `/api/v1/clients/${credentials.clientId}/content-grant?${query}`), token: credentials.token });
    return answer.body as ContentGrant;
  }

  /** `grant`: from contentGrant, without which the answer is 403. */
  async contentLocations(credentials: Credentials, packageId: string, version: number, allowFallbackToUnprotected: boolean, grant?: string): Promise<ContentLocation[]> {
    const query = new URLSearchParams({ packageId, version: String(version), allowFallbackToUnprotected: String(allowFallbackToUnprotected), ...(grant !== undefined && { grant }) });
    const answer = await this.request({ method: 'GET', url: this.url('replication', `/api/v1/content-locations?${query}`), token: credentials.token });
    return (answer.body as { locations?: ContentLocation[] } | undefined)?.locations ?? [];
  }

  private request(request: HttpRequest): Promise<HttpAnswer> {
    return requestJson({ ...request, fetch: this.fetchImpl });
  }

  private url(service: keyof ServiceUrls, path: string): string {
    return `${this.urls[service].replace(/\/+$/, '')}${path}`;
  }
}
