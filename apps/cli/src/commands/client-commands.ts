import type { ClientData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { UsageError } from '../core/errors';
import { integer, text } from '../core/values';
import { CLIENT_COLUMNS, clientDetails } from './client-views';
import { table } from './views';

const clientPath = (id: string) => `/api/v1/clients/${segment(id)}`;
const RESOLUTIONS = ['merge', 'keep', 'refuse'];

function setFlags(words: string[], summary: string, body: { approved?: boolean; blocked?: boolean }): CommandSpec {
  return {
    words,
    args: ['ID'],
    summary,
    async run(context, { args }) {
      show(context, await context.api.patch<ClientData>('targeting', clientPath(args[0]), body), clientDetails);
    },
  };
}

export const clientCommands: CommandSpec[] = [
  {
    words: ['client', 'list'],
    usage: '[--query EXPR] [--limit N]',
    summary: 'list clients, optionally those a query expression selects',
    options: {
      query: { type: 'string', value: 'EXPR', help: "e.g. \"os.name = 'linux' AND inventory.department = 'HR'\"" },
      limit: { type: 'string', value: 'N', help: 'at most N clients' },
    },
    async run(context, { values }) {
      const items = await context.api.list<ClientData>('targeting', '/api/v1/clients', { query: text(values, 'query') }, integer(values, 'limit', 1));
      show(context, { items }, (page) => table(CLIENT_COLUMNS, page.items, 'no clients'));
    },
  },
  {
    words: ['client', 'show'],
    args: ['ID'],
    summary: 'show a client with its inventory',
    async run(context, { args }) {
      show(context, await context.api.get<ClientData>('targeting', clientPath(args[0])), clientDetails);
    },
  },
  setFlags(['client', 'approve'], 'approve a client', { approved: true }),
  setFlags(['client', 'block'], 'block a client: its token stops working everywhere', { blocked: true }),
  setFlags(['client', 'unblock'], 'unblock a client', { blocked: false }),
  {
    words: ['client', 'resolve'],
    args: ['ID', 'merge|keep|refuse'],
    // merge: the client it conflicts with takes this computer's key and report (its old tokens stop
    // working) and the pending record goes; keep: both stay, as separate clients; refuse: blocked.
    summary: 'settle a registration that claimed another client\'s hardware ID without its key: merge into it, keep both, or refuse',
    async run(context, { args }) {
      const [id, resolution] = args;
      if (!RESOLUTIONS.includes(resolution)) {
        throw new UsageError(`resolve how: merge, keep or refuse (not ${JSON.stringify(resolution)})`);
      }
      show(context, await context.api.post<ClientData>('targeting', `${clientPath(id)}/resolution`, { resolution }), clientDetails);
    },
  },
];
