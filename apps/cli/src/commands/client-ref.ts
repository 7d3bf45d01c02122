import type { ClientData } from '@sdp/contracts';
import type { ApiClient } from '../core/api-client';
import { CommandContext, printLine } from '../core/command';
import { ApiError, CliError } from '../core/errors';
import { Column, renderTable } from '../output/table';

/** A computer to choose from when a name is ambiguous (targeting's 409 CLIENT_NAME_AMBIGUOUS). */
export interface ClientCandidate {
  id: string;
  name: string;
  os: { name: string; version: string; arch: string };
  siteCode: string;
  lastSeenAt: string;
}

export const CANDIDATE_COLUMNS: Column<ClientCandidate>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'ID', value: (row) => row.id },
  { header: 'OS', value: (row) => `${row.os.name} ${row.os.version} ${row.os.arch}` },
  { header: 'SITE', value: (row) => row.siteCode },
  { header: 'LAST SEEN', value: (row) => row.lastSeenAt },
];

/** A name several computers have: refused, with the computers listed (on stderr) to choose from by ID. */
export class AmbiguousClientError extends CliError {
  constructor(
    readonly ref: string,
    readonly candidates: ClientCandidate[],
  ) {
    super(`${candidates.length} computers are named ${JSON.stringify(ref)} (listed above): give the ID of the one you mean`);
  }
}

function candidatesOf(error: unknown): ClientCandidate[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const body = error.body as { code?: unknown; candidates?: unknown };
  return body?.code === 'CLIENT_NAME_AMBIGUOUS' && Array.isArray(body.candidates) ? (body.candidates as ClientCandidate[]) : undefined;
}

/**
 * The client a person names by its name (exact, without regard to case) or its ID: the one
 * place every command that takes a client asks targeting which client that is. An ambiguous name
 * prints the candidates and fails (exit 1); an unknown one fails with targeting's 404.
 */
export async function resolveClient(context: Pick<CommandContext, 'api' | 'stderr'>, ref: string): Promise<ClientData> {
  try {
    return await context.api.get<ClientData>('targeting', '/api/v1/clients/resolve', { ref });
  } catch (error) {
    const candidates = candidatesOf(error);
    if (candidates === undefined) throw error;
    printLine(context.stderr, renderTable(CANDIDATE_COLUMNS, candidates));
    throw new AmbiguousClientError(ref, candidates);
  }
}

/** The IDs of the clients named, in order; one request per client named on the command line. */
export async function resolveClientIds(context: Pick<CommandContext, 'api' | 'stderr'>, refs: readonly string[]): Promise<string[]> {
  const clients: ClientData[] = [];
  for (const ref of refs) {
    clients.push(await resolveClient(context, ref));
  }
  return clients.map((client) => client.id);
}

/** How many IDs one request names: the request line stays well under the services' 16 KB header limit. */
const IDS_PER_REQUEST = 200;

/**
 * The names of the clients a table shows, one request per 200 of them (never one per row). A
 * client deleted since is missing from the map; callers show its ID alone.
 */
export async function clientNames(api: ApiClient, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  for (let start = 0; start < unique.length; start += IDS_PER_REQUEST) {
    const chunk = unique.slice(start, start + IDS_PER_REQUEST);
    const clients = await api.list<ClientData>('targeting', '/api/v1/clients', { ids: chunk.join(',') }, chunk.length);
    for (const client of clients) names.set(client.id, client.name);
  }
  return names;
}

/** `ws-0042 (01a24752-…)`: a client as a sentence names it, its name first; the ID alone when the name is unknown. */
export function clientLabel(id: string, name: string | undefined | null): string {
  return name ? `${name} (${id})` : id;
}
