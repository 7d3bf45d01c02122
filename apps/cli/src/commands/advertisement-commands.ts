import type { AdvertisementRetryRequestedData, AdvertisementView, ClientRerunAccepted, MandatoryAssignmentData, StatusHistoryEntry } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { Column, renderFields } from '../output/table';
import { ADVERTISEMENT_OPTIONS, createAdvertisementBody, updateAdvertisementBody } from './advertisement-options';
import { advertisementHistoryView } from './advertisement-status-view';
import { PHASE_OPTIONS } from './rollout-options';
import { table } from './views';
import { integer, requiredText, text } from '../core/values';
import { UsageError } from '../core/errors';
import { clientLabel, resolveClient } from './client-ref';

export function describeMandatory(assignments: MandatoryAssignmentData[]): string {
  if (assignments.length === 0) return 'optional';
  return assignments
    .map((assignment) => {
      switch (assignment.type) {
        case 'at':
          return assignment.at;
        case 'recurring':
          return `${assignment.at} every ${assignment.every}`;
        default:
          return assignment.type;
      }
    })
    .join(', ');
}

/** e.g. "3 attempts, 60 s doubling to at most 3600 s (±25 %)"; "no retry" for a single attempt. */
export function describeRetry(retry: AdvertisementView['retry']): string {
  if (retry.maxAttempts === 1) return 'no retry (1 attempt)';
  return `${retry.maxAttempts} attempts, ${retry.initialBackoffSeconds} s doubling to at most ${retry.maxBackoffSeconds} s (±25 %)`;
}

/** enabled, disabled, or broken (whatever enabled says: a broken advertisement is offered to nobody). */
export function advertisementState(ad: AdvertisementView): string {
  if (ad.broken) return 'broken';
  return ad.enabled ? 'enabled' : 'disabled';
}

/** A phased deployment's state and open phases, `-` for an advertisement without phases. */
export function rolloutGlance(ad: AdvertisementView): string {
  return ad.rollout ? `${ad.rollout.state} ${ad.rollout.openPhases}/${ad.rollout.phases}` : '-';
}

const ADVERTISEMENT_COLUMNS: Column<AdvertisementView>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name },
  { header: 'PACKAGE', value: (row) => row.packageId },
  { header: 'PROGRAM', value: (row) => row.program },
  { header: 'COLLECTION', value: (row) => row.collectionId },
  { header: 'MANDATORY', value: (row) => describeMandatory(row.mandatory) },
  { header: 'RERUN', value: (row) => row.rerun },
  { header: 'STATE', value: advertisementState },
  { header: 'ROLLOUT', value: rolloutGlance },
];

export function advertisementDetails(ad: AdvertisementView): string {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  return renderFields([
    ['ID', ad.id],
    ['Name', ad.name],
    ['Comment', ad.comment],
    ['Package', ad.packageId],
    ['Program', ad.program],
    ['Collection', `${ad.collectionId}${ad.includeSubcollections ? ' and subcollections' : ''}`],
    ['Available at', ad.availableAt],
    ['Expires at', ad.expiresAt ?? 'never'],
    ['Mandatory', describeMandatory(ad.mandatory)],
    ['Rerun', ad.rerun],
    ['Fast network', ad.fastNetwork],
    ['Slow network', ad.slowNetwork],
    ['Fallback to unprotected', yes(ad.allowFallbackToUnprotected)],
    ['Ignore maintenance windows', yes(ad.ignoreMaintenanceWindows)],
    ['Restart outside windows', yes(ad.allowRestartOutsideWindows)],
    ['User may run it', yes(ad.allowUserToRunIndependently)],
    ['Priority', ad.priority],
    ['Retries', describeRetry(ad.retry)],
    ['Enabled', yes(ad.enabled)],
    ['Broken', ad.broken ? `yes: ${ad.brokenReason} (offered to no client)` : 'no'],
    [
      'Rollout',
      ad.rollout
        ? `${ad.rollout.state}, ${ad.rollout.openPhases} of ${ad.rollout.phases} phases open (sdp rollout status ${ad.id})`
        : 'none: the whole collection at once',
    ],
    ['Created', ad.createdAt],
    ['Updated', ad.updatedAt],
  ]);
}

const adPath = (id: string) => `/api/v1/advertisements/${segment(id.toUpperCase())}`;

export const advertisementCommands: CommandSpec[] = [
  {
    words: ['advertise'],
    usage:
      '--name N --package ID --program P --collection ID [--mandatory asap|<ISO time> ... --rerun never|always|if-failed|if-succeeded ...] ' +
      '[--rings 1,10,50,100|--phase-collections ID,... --success 95 --failure 5|--failure-count N --gate auto:MINUTES|approval]',
    summary: 'make a program available or mandatory to a collection, at once or in phases',
    options: { ...ADVERTISEMENT_OPTIONS, ...PHASE_OPTIONS },
    async run(context, { values }) {
      show(context, await context.api.post<AdvertisementView>('advertisement', '/api/v1/advertisements', createAdvertisementBody(values)), advertisementDetails);
    },
  },
  {
    words: ['advertisement', 'list'],
    summary: 'list advertisements',
    async run(context) {
      const items = await context.api.list<AdvertisementView>('advertisement', '/api/v1/advertisements');
      show(context, { items }, (page) => table(ADVERTISEMENT_COLUMNS, page.items, 'no advertisements'));
    },
  },
  {
    words: ['advertisement', 'show'],
    args: ['ID'],
    summary: 'show an advertisement',
    async run(context, { args }) {
      show(context, await context.api.get<AdvertisementView>('advertisement', adPath(args[0])), advertisementDetails);
    },
  },
  {
    words: ['advertisement', 'update'],
    args: ['ID'],
    usage: '[any option of sdp advertise] [--optional] [--enable|--disable]',
    summary: 'change an advertisement',
    options: ADVERTISEMENT_OPTIONS,
    async run(context, { args, values }) {
      show(context, await context.api.patch<AdvertisementView>('advertisement', adPath(args[0]), updateAdvertisementBody(values)), advertisementDetails);
    },
  },
  {
    words: ['advertisement', 'retry-failed'],
    args: ['ID'],
    usage: '[--client NAME|ID | --phase N]',
    summary: 'run an advertisement again on its failed clients (all, those of one rollout phase, or the one given)',
    options: {
      client: { type: 'string', value: 'NAME|ID', help: 'only this client, by name or ID (it must have failed)' },
      phase: { type: 'string', value: 'N', help: 'only the failed clients of this phase of its rollout (1-based)' },
    },
    async run(context, { args, values }) {
      const clientRef = text(values, 'client');
      const phase = integer(values, 'phase', 1, 20);
      if (clientRef !== undefined && phase !== undefined) throw new UsageError('give --client or --phase, not both');
      const client = clientRef === undefined ? undefined : await resolveClient(context, clientRef);
      const query = client !== undefined ? `?clientId=${encodeURIComponent(client.id)}` : phase !== undefined ? `?phase=${phase}` : '';
      show(context, await context.api.post<AdvertisementRetryRequestedData>('advertisement', `${adPath(args[0])}/retry-failed${query}`), (answer) =>
        answer.scope === 'client'
          ? `client ${clientLabel(answer.clientId ?? '', client?.name)} will run advertisement ${answer.advertisementId} again`
          : `${answer.clientCount} failed client${answer.clientCount === 1 ? '' : 's'}${answer.scope === 'phase' ? ` of phase ${answer.phase}` : ''} will run advertisement ${answer.advertisementId} again`,
      );
    },
  },
  {
    words: ['advertisement', 'rerun'],
    args: ['ID'],
    usage: '--client NAME|ID',
    summary: 'run an advertisement again on one client, whatever its last outcome and rerun rule',
    options: { client: { type: 'string', value: 'NAME|ID', help: 'the client, by name or ID (the advertisement must apply to it)' } },
    async run(context, { args, values }) {
      const client = await resolveClient(context, requiredText(values, 'client'));
      const answer = await context.api.post<ClientRerunAccepted>('advertisement', `${adPath(args[0])}/clients/${segment(client.id)}/rerun`);
      show(context, answer, () => `client ${clientLabel(answer.clientId, client.name)} will run advertisement ${answer.advertisementId} again`);
    },
  },
  {
    words: ['advertisement', 'history'],
    args: ['ID'],
    usage: '--client NAME|ID [--limit N]',
    summary: "one client's status reports of an advertisement, newest first, with message, package version and the program output kept",
    options: {
      client: { type: 'string', value: 'NAME|ID', help: 'the client, by name or ID' },
      limit: { type: 'string', value: 'N', help: 'at most this many reports (100)' },
    },
    async run(context, { args, values }) {
      const client = await resolveClient(context, requiredText(values, 'client'));
      const limit = integer(values, 'limit', 1, 100_000) ?? 100;
      const advertisementId = args[0].toUpperCase();
      const items = await context.api.list<StatusHistoryEntry>('advertisement', `${adPath(advertisementId)}/clients/${segment(client.id)}/history`, {}, limit);
      show(context, { advertisementId, clientId: client.id, items }, (page) => advertisementHistoryView(page.advertisementId, clientLabel(client.id, client.name), page.items));
    },
  },
  {
    words: ['advertisement', 'delete'],
    args: ['ID'],
    summary: 'delete an advertisement',
    async run(context, { args }) {
      await context.api.delete('advertisement', adPath(args[0]));
      show(context, { deleted: args[0].toUpperCase() }, () => `deleted advertisement ${args[0].toUpperCase()}`);
    },
  },
];
