// The answers the computer page reads, as the targeting and advertisement services give them (shapes of issue 16).
import { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { ClientData } from '../api/types';

/** targeting's GET /clients/{id}/collections: each collection the client is in, with the rules that put it there. */
export interface ClientCollections {
  items: { collectionId: string; collectionName: string; rules: { kind: string; description: string }[] }[];
}

/** One of the computers an ambiguous name matches (targeting's 409 CLIENT_NAME_AMBIGUOUS). */
export interface ClientCandidate {
  id: string;
  name: string;
  os: ClientData['os'] | string;
  siteCode: string;
  lastSeenAt: string | null;
}

export type ClientRefAnswer =
  | { kind: 'found'; client: ClientData }
  | { kind: 'ambiguous'; candidates: ClientCandidate[] }
  | { kind: 'missing' };

/** A computer by its name (exact, without regard to case) or ID; other failures are thrown. */
export async function resolveClientRef(api: ApiClient, ref: string, signal?: AbortSignal): Promise<ClientRefAnswer> {
  try {
    return { kind: 'found', client: await api.get<ClientData>('targeting', '/clients/resolve', { ref }, signal) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { kind: 'missing' };
    if (error instanceof ApiError && error.status === 409 && Array.isArray(error.answer.candidates)) {
      return { kind: 'ambiguous', candidates: error.answer.candidates as ClientCandidate[] };
    }
    throw error;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client ID as such: what a direct rule can keep before the name lookup answers. */
export function isClientId(text: string): boolean {
  return UUID.test(text.trim());
}

export function osText(os: ClientCandidate['os']): string {
  return typeof os === 'string' ? os : `${os.name} ${os.version} ${os.arch}`;
}

export const clientPaths = {
  collections: (clientId: string) => `/clients/${encodeURIComponent(clientId)}/collections`,
  advertisements: (clientId: string) => `/clients/${encodeURIComponent(clientId)}/advertisements`,
  /** Newest first. */
  history: (advertisementId: string, clientId: string) => `/advertisements/${encodeURIComponent(advertisementId)}/clients/${encodeURIComponent(clientId)}/history`,
  rerun: (advertisementId: string, clientId: string) => `/advertisements/${encodeURIComponent(advertisementId)}/clients/${encodeURIComponent(clientId)}/rerun`,
};
