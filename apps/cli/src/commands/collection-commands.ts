import type { ClientData, CollectionData, CollectionRuleData, MaintenanceWindowData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandContext, CommandSpec, OptionValues, show } from '../core/command';
import { CliError } from '../core/errors';
import { integer, requiredText, text, texts } from '../core/values';
import { Column, renderFields, renderTable } from '../output/table';
import { clientLabel, clientNames, resolveClient, resolveClientIds } from './client-ref';
import { CLIENT_COLUMNS } from './client-views';
import { COLLECTION_OPTIONS, createCollectionBody, maintenanceWindowBody, RESYNC_OPTIONS, resyncPath, updateCollectionBody, WINDOW_OPTIONS } from './collection-options';
import { table } from './views';

type CollectionView = CollectionData & { membershipVersion: number };

interface RuleVerdict {
  rule: CollectionRuleData;
  matched: boolean;
  effect: 'adds' | 'removes';
}

interface Explanation {
  collectionId: string;
  clientId: string;
  member: boolean;
  storedMember: boolean;
  limiting: { collectionId: string; member: boolean } | null;
  rules: RuleVerdict[];
  reason: string;
}

/** A rule in words; a direct rule names its client by name first when `clientNames` knows it. */
export function describeRule(rule: CollectionRuleData, clientNames: ReadonlyMap<string, string> = new Map()): string {
  switch (rule.type) {
    case 'query':
      return `query "${rule.name}": ${rule.expression}`;
    case 'direct':
      return `client ${clientLabel(rule.clientId, clientNames.get(rule.clientId))}`;
    case 'include':
      return `include ${rule.collectionId}`;
    case 'exclude':
      return `exclude ${rule.collectionId}`;
  }
}

const COLLECTION_COLUMNS: Column<CollectionView>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name },
  { header: 'LIMIT', value: (row) => row.limitingCollectionId },
  { header: 'PARENT', value: (row) => row.parentCollectionId },
  { header: 'RULES', value: (row) => row.rules.length, align: 'right' },
  { header: 'WINDOWS', value: (row) => row.maintenanceWindows.length, align: 'right' },
  { header: 'BUILT-IN', value: (row) => (row.builtIn ? 'yes' : 'no') },
];

/** What targeting queued: one collection's membership snapshot. */
interface SnapshotPublication {
  collectionId: string;
  membershipVersion: number;
  memberCount: number;
  parts: number;
}

const SNAPSHOT_COLUMNS: Column<SnapshotPublication>[] = [
  { header: 'COLLECTION', value: (row) => row.collectionId },
  { header: 'VERSION', value: (row) => row.membershipVersion, align: 'right' },
  { header: 'MEMBERS', value: (row) => row.memberCount, align: 'right' },
  { header: 'PARTS', value: (row) => row.parts, align: 'right' },
];

const WINDOW_COLUMNS: Column<MaintenanceWindowData>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name },
  { header: 'START', value: (row) => row.start },
  { header: 'MINUTES', value: (row) => row.durationMinutes, align: 'right' },
  { header: 'RECURRENCE', value: (row) => describeRecurrence(row.recurrence) },
];

const windowView = (window: MaintenanceWindowData) => renderTable(WINDOW_COLUMNS, [window]);

function describeRecurrence(recurrence: MaintenanceWindowData['recurrence']): string {
  switch (recurrence.type) {
    case 'weekly':
      return `weekly on ${recurrence.days.join(', ')}`;
    case 'monthly':
      return `monthly on day ${recurrence.day}`;
    default:
      return recurrence.type;
  }
}

function directClientIds(rules: readonly CollectionRuleData[]): string[] {
  return rules.flatMap((rule) => (rule.type === 'direct' ? [rule.clientId] : []));
}

/** Shows a collection with its direct rules' clients by name (one request for all their names). */
async function showCollection(context: CommandContext, collection: CollectionView): Promise<void> {
  const clientNamesOf = await clientNames(context.api, directClientIds(collection.rules));
  show(context, collection, (value) => collectionDetails(value, clientNamesOf));
}

/** The options with every --client (a name or an ID) replaced by the client's ID. */
async function withClientIds(context: CommandContext, values: OptionValues): Promise<OptionValues> {
  const refs = texts(values, 'client');
  return refs.length === 0 ? values : { ...values, client: await resolveClientIds(context, refs) };
}

function collectionDetails(collection: CollectionView, clientNamesOf: ReadonlyMap<string, string> = new Map()): string {
  const fields = renderFields([
    ['ID', collection.id],
    ['Name', collection.name],
    ['Comment', collection.comment],
    ['Built-in', collection.builtIn ? 'yes' : 'no'],
    ['Limiting collection', collection.limitingCollectionId],
    ['Parent', collection.parentCollectionId],
    ['Incremental', collection.refresh.incremental ? 'yes' : 'no'],
    ['Full evaluation', collection.refresh.fullEveryMinutes === null ? 'on demand' : `every ${collection.refresh.fullEveryMinutes} min`],
    ['Membership version', collection.membershipVersion],
  ]);
  const rules = collection.rules.length === 0 ? '  none' : collection.rules.map((rule) => `  ${describeRule(rule, clientNamesOf)}`).join('\n');
  const windows = table(WINDOW_COLUMNS, collection.maintenanceWindows, 'none');
  return `${fields}\n\nRules\n${rules}\n\nMaintenance windows\n${windows}`;
}

function explanationView(explanation: Explanation, names: ReadonlyMap<string, string>): string {
  const head = renderFields([
    ['Collection', explanation.collectionId],
    ['Client', clientLabel(explanation.clientId, names.get(explanation.clientId))],
    ['Member', explanation.member ? 'yes' : 'no'],
    ['Reason', explanation.reason],
    ['Limiting', explanation.limiting ? `${explanation.limiting.collectionId}: ${explanation.limiting.member ? 'member' : 'not a member'}` : null],
  ]);
  if (explanation.rules.length === 0) return head;
  const rules = renderTable(
    [
      { header: 'RULE', value: (row: RuleVerdict) => describeRule(row.rule, names) },
      { header: 'MATCHED', value: (row) => (row.matched ? 'yes' : 'no') },
      { header: 'EFFECT', value: (row) => row.effect },
    ],
    explanation.rules,
  );
  return `${head}\n\n${rules}`;
}

const collectionPath = (id: string) => `/api/v1/collections/${segment(id.toUpperCase())}`;
const windowPath = (collectionId: string, windowId: string) => `${collectionPath(collectionId)}/maintenance-windows/${segment(windowId)}`;

export const collectionCommands: CommandSpec[] = [
  {
    words: ['collection', 'create'],
    usage: '--name N [--limit SMS00001] [--query EXPR ...] [--include ID] [--exclude ID] [--client NAME|ID ...] [--parent ID]',
    summary: 'create a collection; it is evaluated at once',
    options: COLLECTION_OPTIONS,
    async run(context, { values }) {
      await showCollection(context, await context.api.post<CollectionView>('targeting', '/api/v1/collections', createCollectionBody(await withClientIds(context, values))));
    },
  },
  {
    words: ['collection', 'list'],
    summary: 'list collections',
    async run(context) {
      const items = await context.api.list<CollectionView>('targeting', '/api/v1/collections');
      show(context, { items }, (page) => table(COLLECTION_COLUMNS, page.items, 'no collections'));
    },
  },
  {
    words: ['collection', 'show'],
    args: ['ID'],
    summary: 'show a collection with its rules and maintenance windows',
    async run(context, { args }) {
      await showCollection(context, await context.api.get<CollectionView>('targeting', collectionPath(args[0])));
    },
  },
  {
    words: ['collection', 'update'],
    args: ['ID'],
    usage: '[--name N] [--comment TEXT] [--limit ID] [--parent ID] [--query EXPR ...] [--include ID ...] [--exclude ID ...] [--client NAME|ID ...] [--incremental|--no-incremental] [--full-every MIN]',
    summary: 'change the fields given; any --query, --include, --exclude or --client replaces the whole rule list (without them the rules stay)',
    options: COLLECTION_OPTIONS,
    async run(context, { args, values }) {
      const body = updateCollectionBody(await withClientIds(context, values));
      await showCollection(context, await context.api.patch<CollectionView>('targeting', collectionPath(args[0]), body));
    },
  },
  {
    words: ['collection', 'delete'],
    args: ['ID'],
    summary: 'delete a collection',
    async run(context, { args }) {
      await context.api.delete('targeting', collectionPath(args[0]));
      show(context, { deleted: args[0].toUpperCase() }, () => `deleted collection ${args[0].toUpperCase()}`);
    },
  },
  {
    words: ['collection', 'members'],
    args: ['ID'],
    usage: '[--max N]',
    summary: 'list the clients in a collection',
    // Not --limit: in this group that names the limiting collection.
    options: { max: { type: 'string', value: 'N', help: 'at most N clients' } },
    async run(context, { args, values }) {
      const items = await context.api.list<ClientData>('targeting', `${collectionPath(args[0])}/members`, {}, integer(values, 'max', 1));
      show(context, { items }, (page) => table(CLIENT_COLUMNS, page.items, 'no members'));
    },
  },
  {
    words: ['collection', 'explain'],
    args: ['ID'],
    usage: '--client NAME|ID',
    summary: 'why a client is or is not a member, rule by rule',
    options: { client: { type: 'string', value: 'NAME|ID', help: "the client's name or ID" } },
    async run(context, { args, values }) {
      const client = await resolveClient(context, requiredText(values, 'client'));
      const explanation = await context.api.get<Explanation>('targeting', `${collectionPath(args[0])}/explain`, { clientId: client.id });
      const names = await clientNames(context.api, directClientIds(explanation.rules.map((verdict) => verdict.rule)));
      names.set(client.id, client.name);
      // --json: the service's explanation with the client's name beside its ID.
      show(context, { ...explanation, clientName: client.name }, (value) => explanationView(value, names));
    },
  },
  {
    words: ['collection', 'add-member'],
    args: ['ID', 'CLIENT...'],
    summary: 'add direct membership rules for clients (CLIENT: a name or an ID); the other rules stay',
    async run(context, { args }) {
      const [collectionId, ...refs] = args;
      const clientIds = await resolveClientIds(context, refs);
      // One change the service makes with the collection locked: another administrator's change at the same moment stays.
      await showCollection(context, await context.api.patch<CollectionView>('targeting', `${collectionPath(collectionId)}/direct-members`, { add: [...new Set(clientIds)] }));
    },
  },
  {
    words: ['collection', 'remove-member'],
    args: ['ID', 'CLIENT...'],
    summary: 'remove the direct membership rules of clients (CLIENT: a name or an ID); a query or include rule may still hold them',
    async run(context, { args }) {
      const [collectionId, ...refs] = args;
      const clients: ClientData[] = [];
      for (const ref of refs) clients.push(await resolveClient(context, ref));
      const clientIds = new Set(clients.map((client) => client.id));
      const collection = await context.api.get<CollectionView>('targeting', collectionPath(collectionId));
      const missing = clients.filter((client) => !directClientIds(collection.rules).includes(client.id));
      if (missing.length > 0) throw new CliError(`collection ${collection.id} has no direct rule for ${missing.map((client) => clientLabel(client.id, client.name)).join(', ')}`);
      await showCollection(context, await context.api.patch<CollectionView>('targeting', `${collectionPath(collectionId)}/direct-members`, { remove: [...clientIds] }));
    },
  },
  {
    words: ['collection', 'evaluate'],
    args: ['ID'],
    summary: 'evaluate a collection (and those depending on it) now',
    async run(context, { args }) {
      const result = await context.api.post<{ memberCount: number; added: number; removed: number; tookMs: number }>('targeting', `${collectionPath(args[0])}/evaluate`);
      show(context, result, (value) =>
        renderFields([
          ['Members', value.memberCount],
          ['Added', value.added],
          ['Removed', value.removed],
          ['Took', `${value.tookMs} ms`],
        ]),
      );
    },
  },
  {
    words: ['collection', 'resync'],
    args: ['ID?'],
    usage: '| --all',
    summary: 'publish the membership of a collection (or of every one) again; consumers such as advertisement replace their copy with it (admin only)',
    options: RESYNC_OPTIONS,
    async run(context, { args, values }) {
      const path = resyncPath(args, values);
      if (values.all === true) {
        const result = await context.api.post<{ items: SnapshotPublication[] }>('targeting', path);
        show(context, result, (value) => `${table(SNAPSHOT_COLUMNS, value.items, 'no collections')}\n\nsnapshots of ${value.items.length} collection${value.items.length === 1 ? '' : 's'} queued`);
      } else {
        const result = await context.api.post<SnapshotPublication>('targeting', path);
        show(context, result, (value) => `${renderTable(SNAPSHOT_COLUMNS, [value])}\n\nsnapshot of ${value.collectionId} queued`);
      }
    },
  },
  {
    words: ['collection', 'preview'],
    args: ['EXPR'],
    usage: '[--limit ID]',
    summary: 'how many clients (and a sample) a query expression selects',
    options: { limit: { type: 'string', value: 'ID', help: 'limiting collection' } },
    async run(context, { args, values }) {
      const limit = text(values, 'limit');
      const body = { expression: args[0], ...(limit === undefined ? {} : { limitingCollectionId: limit.toUpperCase() }) };
      const result = await context.api.post<{ count: number; sample: ClientData[] }>('targeting', '/api/v1/collections/preview', body);
      show(context, result, (value) => `${value.count} client${value.count === 1 ? '' : 's'} match${value.sample.length > 0 ? `\n\n${renderTable(CLIENT_COLUMNS, value.sample)}` : ''}`);
    },
  },
  {
    words: ['maintenance-window', 'add'],
    args: ['COLLECTION'],
    usage: '--name N --start TIME --duration MIN [--recurrence none|daily|weekly:mon,fri|monthly:15]',
    summary: 'add a maintenance window to a collection',
    options: WINDOW_OPTIONS,
    async run(context, { args, values }) {
      const window = await context.api.post<MaintenanceWindowData>('targeting', `${collectionPath(args[0])}/maintenance-windows`, maintenanceWindowBody(values));
      show(context, window, windowView);
    },
  },
  {
    words: ['maintenance-window', 'list'],
    args: ['COLLECTION'],
    summary: 'list the maintenance windows of a collection',
    async run(context, { args }) {
      const windows = await context.api.get<MaintenanceWindowData[]>('targeting', `${collectionPath(args[0])}/maintenance-windows`);
      show(context, windows, (rows) => table(WINDOW_COLUMNS, rows, 'no maintenance windows'));
    },
  },
  {
    words: ['maintenance-window', 'show'],
    args: ['COLLECTION', 'WINDOW'],
    summary: 'show one maintenance window of a collection',
    async run(context, { args }) {
      show(context, await context.api.get<MaintenanceWindowData>('targeting', windowPath(args[0], args[1])), windowView);
    },
  },
  {
    words: ['maintenance-window', 'remove'],
    args: ['COLLECTION', 'WINDOW'],
    summary: 'remove a maintenance window',
    async run(context, { args }) {
      await context.api.delete('targeting', windowPath(args[0], args[1]));
      show(context, { deleted: args[1] }, () => `removed maintenance window ${args[1]} of ${args[0].toUpperCase()}`);
    },
  },
];
