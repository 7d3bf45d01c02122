import { ApiClient, segment } from '../core/api-client';
import type { CommandSpec } from '../core/command';
import { showOrWatch, watchOptions } from '../watch/watch';
import { ADVERTISEMENT_UNTIL, AdvertisementStatus, advertisementStatusView, advertisementWatchOutcome } from './advertisement-status-view';
import type { DistributionStatus } from '@sdp/contracts';
import { distributionTable, PACKAGE_UNTIL, packageWatchOutcome } from './distribution-view';
import { clientNames } from './client-ref';

export const statusCommands: CommandSpec[] = [
  {
    words: ['package', 'status'],
    args: ['ID'],
    usage: '[--watch [--until installed] [--timeout S]]',
    summary: 'state and progress of the package on each distribution point',
    options: watchOptions(PACKAGE_UNTIL),
    async run(context, { args, values }) {
      const packageId = args[0].toUpperCase();
      await showOrWatch<DistributionStatus>({
        context,
        values,
        heading: `sdp package status ${packageId}`,
        untilValues: PACKAGE_UNTIL,
        load: () => context.api.get('replication', `/api/v1/packages/${segment(packageId)}/distribution-status`),
        render: distributionTable,
        outcome: packageWatchOutcome,
      });
    },
  },
  {
    words: ['advertisement', 'status'],
    args: ['ID'],
    usage: '[--watch [--until succeeded|finished] [--timeout S]]',
    summary: 'summary and per-client state of an advertisement',
    options: watchOptions(ADVERTISEMENT_UNTIL),
    async run(context, { args, values }) {
      const advertisementId = args[0].toUpperCase();
      // The clients' names, asked of targeting once per client a watch has not shown before.
      const names = new Map<string, string | null>();
      await showOrWatch<AdvertisementStatus>({
        context,
        values,
        heading: `sdp advertisement status ${advertisementId}`,
        untilValues: ADVERTISEMENT_UNTIL,
        load: () => loadAdvertisementStatus(context.api, advertisementId, names),
        render: advertisementStatusView,
        outcome: advertisementWatchOutcome,
      });
    },
  },
];

/** Every page of client rows under one summary, each with its client's name: the watch shows the whole picture. */
async function loadAdvertisementStatus(api: ApiClient, advertisementId: string, names: Map<string, string | null>): Promise<AdvertisementStatus> {
  const path = `/api/v1/advertisements/${segment(advertisementId)}/status`;
  const first = await api.get<AdvertisementStatus & { nextCursor: string | null }>('advertisement', path, { limit: 500 });
  const items = [...first.items];
  let cursor = first.nextCursor;
  while (cursor) {
    const page = await api.get<AdvertisementStatus & { nextCursor: string | null }>('advertisement', path, { limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  const unknown = items.map((row) => row.clientId).filter((id) => !names.has(id));
  const found = await clientNames(api, unknown);
  for (const id of unknown) names.set(id, found.get(id) ?? null);
  return {
    advertisementId,
    broken: first.broken,
    brokenReason: first.brokenReason,
    summary: first.summary,
    items: items.map((row) => ({ ...row, clientName: names.get(row.clientId) ?? null })),
  };
}
