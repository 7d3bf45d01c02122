import type { DistributionPointData, DistributionPointGroupData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { UsageError } from '../core/errors';
import { integer, text, texts } from '../core/values';
import { formatBytes } from '../output/format';
import { Column, renderFields } from '../output/table';
import { DpPackageRow, dpPackagesTable } from './distribution-view';
import { createDpBody, DP_OPTIONS, updateDpBody } from './dp-options';
import { table } from './views';

type DistributionPointView = DistributionPointData & { accessKey?: string };

const DP_COLUMNS: Column<DistributionPointView>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'ENDPOINT', value: (row) => row.endpoint },
  { header: 'BUCKET', value: (row) => row.bucket },
  { header: 'SITE', value: (row) => row.siteCode },
  { header: 'BOUNDARIES', value: (row) => row.boundaries.join(', ') },
  { header: 'PROTECTED', value: (row) => (row.protected ? 'yes' : 'no') },
  { header: 'ENABLED', value: (row) => (row.enabled ? 'yes' : 'no') },
];

function dpDetails(dp: DistributionPointView): string {
  return renderFields([
    ['Name', dp.name],
    ['Description', dp.description],
    ['Endpoint', dp.endpoint],
    ['Public endpoint', dp.publicEndpoint],
    ['Bucket', dp.bucket],
    ['Region', dp.region],
    ['Access key', dp.accessKey],
    ['Site', dp.siteCode],
    ['Boundaries', dp.boundaries.join(', ')],
    ['Protected', dp.protected ? 'yes' : 'no'],
    ['Enabled', dp.enabled ? 'yes' : 'no'],
    ['Max concurrent transfers', dp.maxConcurrentTransfers],
    ['Rate limit', dp.rateLimitBytesPerSec === null ? 'unlimited' : `${formatBytes(dp.rateLimitBytesPerSec)}/s`],
    ['Created', dp.createdAt],
    ['Updated', dp.updatedAt],
  ]);
}

const GROUP_COLUMNS: Column<DistributionPointGroupData>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'MEMBERS', value: (row) => row.members.join(', ') },
  { header: 'DESCRIPTION', value: (row) => row.description },
];

function groupDetails(group: DistributionPointGroupData): string {
  return renderFields([
    ['Name', group.name],
    ['Description', group.description],
    ['Members', group.members.join(', ')],
  ]);
}

const dpPath = (name: string) => `/api/v1/distribution-points/${segment(name)}`;
const groupPath = (name: string) => `/api/v1/distribution-point-groups/${segment(name)}`;
const GROUP_OPTIONS = {
  member: { type: 'string' as const, multiple: true, value: 'DP', help: 'member distribution point; repeatable' },
  description: { type: 'string' as const, value: 'TEXT', help: 'description' },
};

export const dpCommands: CommandSpec[] = [
  {
    words: ['dp', 'add'],
    args: ['NAME'],
    usage: '--endpoint URL --bucket B --access-key K --secret-key S [--site S01 --boundary CIDR ... --protected]',
    summary: 'register a distribution point (an S3 bucket)',
    options: DP_OPTIONS,
    async run(context, { args, values }) {
      show(context, await context.api.post<DistributionPointView>('replication', '/api/v1/distribution-points', createDpBody(args[0], values, context.env)), dpDetails);
    },
  },
  {
    words: ['dp', 'list'],
    summary: 'list distribution points',
    async run(context) {
      const items = await context.api.list<DistributionPointView>('replication', '/api/v1/distribution-points');
      show(context, { items }, (page) => table(DP_COLUMNS, page.items, 'no distribution points'));
    },
  },
  {
    words: ['dp', 'show'],
    args: ['NAME'],
    summary: 'show a distribution point (never its secret)',
    async run(context, { args }) {
      show(context, await context.api.get<DistributionPointView>('replication', dpPath(args[0])), dpDetails);
    },
  },
  {
    words: ['dp', 'update'],
    args: ['NAME'],
    usage: '[any option of dp add] [--enable|--disable]',
    summary: 'change a distribution point',
    options: {
      ...DP_OPTIONS,
      enable: { type: 'boolean', help: 'use the DP again' },
      disable: { type: 'boolean', help: 'stop using the DP' },
    },
    async run(context, { args, values }) {
      show(context, await context.api.patch<DistributionPointView>('replication', dpPath(args[0]), updateDpBody(values)), dpDetails);
    },
  },
  {
    words: ['dp', 'remove'],
    args: ['NAME'],
    usage: '[--force]',
    summary: 'remove a distribution point (--force: even while packages are on it)',
    options: { force: { type: 'boolean', help: 'remove even while packages are on it; their content stays in the bucket' } },
    async run(context, { args, values }) {
      await context.api.delete('replication', dpPath(args[0]), values.force === true ? { force: 'true' } : undefined);
      show(context, { deleted: args[0] }, () => `removed distribution point ${args[0]}`);
    },
  },
  {
    words: ['dp', 'packages'],
    args: ['NAME'],
    usage: '[--limit N]',
    summary: 'the packages on a distribution point: state, version, progress, tries and last error of each',
    options: { limit: { type: 'string', value: 'N', help: 'at most N packages' } },
    async run(context, { args, values }) {
      const items = await context.api.list<DpPackageRow>('replication', `${dpPath(args[0])}/packages`, {}, integer(values, 'limit', 1));
      show(context, { items }, (page) => dpPackagesTable(args[0], page.items));
    },
  },
  {
    words: ['dp', 'validate'],
    args: ['NAME'],
    summary: 'validate every package on a distribution point',
    async run(context, { args }) {
      const result = await context.api.post<{ queued: number }>('replication', `${dpPath(args[0])}/validate`);
      show(context, result, ({ queued }) => `queued validation of ${queued} package${queued === 1 ? '' : 's'} on ${args[0]}`);
    },
  },
  {
    words: ['dp', 'group', 'create'],
    args: ['NAME'],
    usage: '--member DP ... [--description TEXT]',
    summary: 'create a distribution point group',
    options: GROUP_OPTIONS,
    async run(context, { args, values }) {
      const members = texts(values, 'member');
      if (members.length === 0) throw new UsageError('sdp dp group create needs --member DP');
      const body = { name: args[0], members, ...(text(values, 'description') === undefined ? {} : { description: text(values, 'description') }) };
      show(context, await context.api.post<DistributionPointGroupData>('replication', '/api/v1/distribution-point-groups', body), groupDetails);
    },
  },
  {
    words: ['dp', 'group', 'list'],
    summary: 'list distribution point groups',
    async run(context) {
      const items = await context.api.list<DistributionPointGroupData>('replication', '/api/v1/distribution-point-groups');
      show(context, { items }, (page) => table(GROUP_COLUMNS, page.items, 'no groups'));
    },
  },
  {
    words: ['dp', 'group', 'show'],
    args: ['NAME'],
    summary: 'show a distribution point group',
    async run(context, { args }) {
      show(context, await context.api.get<DistributionPointGroupData>('replication', groupPath(args[0])), groupDetails);
    },
  },
  {
    words: ['dp', 'group', 'update'],
    args: ['NAME'],
    usage: '[--member DP ... (replaces the members)] [--description TEXT]',
    summary: 'change a group; packages assigned to it follow new members',
    options: GROUP_OPTIONS,
    async run(context, { args, values }) {
      const members = texts(values, 'member');
      const description = text(values, 'description');
      if (members.length === 0 && description === undefined) throw new UsageError('nothing to change; give --member or --description');
      const body = { ...(members.length > 0 ? { members } : {}), ...(description === undefined ? {} : { description }) };
      show(context, await context.api.patch<DistributionPointGroupData>('replication', groupPath(args[0]), body), groupDetails);
    },
  },
  {
    words: ['dp', 'group', 'delete'],
    args: ['NAME'],
    summary: 'delete a distribution point group',
    async run(context, { args }) {
      await context.api.delete('replication', groupPath(args[0]));
      show(context, { deleted: args[0] }, () => `deleted group ${args[0]}`);
    },
  },
];
