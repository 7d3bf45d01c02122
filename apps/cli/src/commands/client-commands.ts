import type { ClientAdvertisementsPage, ClientData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandContext, CommandSpec, show } from '../core/command';
import { ApiError, UsageError } from '../core/errors';
import { CLIENT_LIST_OPTIONS, clientListQuery } from './client-options';
import { resolveClient } from './client-ref';
import { CLIENT_COLUMNS, ClientCollection, ClientDocument, clientDocumentView, clientDetails } from './client-views';
import { table } from './views';
import { integer, text } from '../core/values';

const clientPath = (id: string) => `/api/v1/clients/${segment(id)}`;
const RESOLUTIONS = ['merge', 'keep', 'refuse'];

function setFlags(words: string[], summary: string, body: { approved?: boolean; blocked?: boolean }): CommandSpec {
  return {
    words,
    args: ['NAME|ID'],
    summary,
    async run(context, { args }) {
      const client = await resolveClient(context, args[0]);
      show(context, await context.api.patch<ClientData>('targeting', clientPath(client.id), body), clientDetails);
    },
  };
}

/** The advertisement service's own 404 for a path it has no route for: it is older than GET /clients/{id}/advertisements. */
const NO_SUCH_ROUTE = 'NOT_FOUND';

/** The advertisements of the client, or why the advertisement service cannot list them. */
async function clientAdvertisements(context: CommandContext, clientId: string): Promise<Pick<ClientDocument, 'advertisements' | 'advertisementsUnavailable'>> {
  try {
    const answer = await context.api.get<ClientAdvertisementsPage>('advertisement', `${clientPath(clientId)}/advertisements`);
    return { advertisements: answer.items, advertisementsUnavailable: null };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const code = (error.body as { code?: unknown } | undefined)?.code;
    if (code === 'CLIENT_NOT_FOUND') {
      return { advertisements: null, advertisementsUnavailable: 'the advertisement service does not know this computer yet (it learns of new computers from targeting within seconds)' };
    }
    if (code === NO_SUCH_ROUTE) {
      return { advertisements: null, advertisementsUnavailable: 'the advertisement service is older and cannot list the advertisements of one computer; see sdp advertisement status ID' };
    }
    throw error;
  }
}

/** Everything `sdp client show` prints: the client, its collections and its advertisements, read at once. */
export async function loadClientDocument(context: CommandContext, ref: string): Promise<ClientDocument> {
  const client = await resolveClient(context, ref);
  const [collections, advertisements] = await Promise.all([
    context.api.get<{ items: ClientCollection[] }>('targeting', `${clientPath(client.id)}/collections`),
    clientAdvertisements(context, client.id),
  ]);
  return { client, collections: collections.items, ...advertisements };
}

export const clientCommands: CommandSpec[] = [
  {
    words: ['client', 'list'],
    usage:
      '[--name TEXT] [--os windows|linux|macos] [--collection ID] [--site CODE] [--last-seen-after TIME] [--last-seen-before TIME] [--approval approved|pending|blocked] [--query EXPR] [--sort name|os|site|last-seen|registered] [--desc] [--limit N] [--cursor C]',
    summary: 'list clients: filter by name, OS, collection, site, last seen, approval or a query expression; sort by a column; page with --limit and --cursor',
    options: CLIENT_LIST_OPTIONS,
    async run(context, { values }) {
      const page = await context.api.pages<ClientData>('targeting', '/api/v1/clients', clientListQuery(values), integer(values, 'limit', 1), text(values, 'cursor'));
      show(context, page, (value) => {
        const rows = table(CLIENT_COLUMNS, value.items, 'no clients');
        return value.nextCursor === null ? rows : `${rows}\n\nmore: the same command with --cursor ${value.nextCursor}`;
      });
    },
  },
  {
    words: ['client', 'show'],
    args: ['NAME|ID'],
    summary: 'show a computer: properties, inventory, the collections it is in and why, every advertisement with its state and last failure',
    async run(context, { args }) {
      show(context, await loadClientDocument(context, args[0]), clientDocumentView);
    },
  },
  setFlags(['client', 'approve'], 'approve a client', { approved: true }),
  setFlags(['client', 'block'], 'block a client: its token stops working everywhere', { blocked: true }),
  setFlags(['client', 'unblock'], 'unblock a client', { blocked: false }),
  {
    words: ['client', 'delete'],
    args: ['NAME|ID'],
    summary: 'delete a client: it leaves every collection; its agent registers again as a new client unless it is blocked first',
    async run(context, { args }) {
      const client = await resolveClient(context, args[0]);
      await context.api.delete('targeting', clientPath(client.id));
      show(context, { deleted: client.id, name: client.name }, () => `deleted client ${client.name} (${client.id})`);
    },
  },
  {
    words: ['client', 'resolve'],
    args: ['NAME|ID', 'merge|keep|refuse'],
    // merge: the client it conflicts with takes this computer's key and report (its old tokens stop
    // working) and the pending record goes; keep: both stay, as separate clients; refuse: blocked.
    summary: 'settle a registration that claimed another client\'s hardware ID without its key: merge into it, keep both, or refuse',
    async run(context, { args }) {
      const [ref, resolution] = args;
      if (!RESOLUTIONS.includes(resolution)) {
        throw new UsageError(`resolve how: merge, keep or refuse (not ${JSON.stringify(resolution)})`);
      }
      const client = await resolveClient(context, ref);
      show(context, await context.api.post<ClientData>('targeting', `${clientPath(client.id)}/resolution`, { resolution }), clientDetails);
    },
  },
];
