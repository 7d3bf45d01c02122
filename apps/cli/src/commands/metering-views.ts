import type { InstalledUnusedReport, MeteringReport, MeteringRuleData, UsageSummary } from '@sdp/contracts';
import { Column, renderFields, renderTable } from '../output/table';
import { formatPlatforms } from './platform';

export const METERING_RULE_COLUMNS: Column<MeteringRuleData>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'PRODUCT', value: (row) => row.productName },
  { header: 'FILE', value: (row) => row.fileName ?? row.originalFileName ?? '' },
  { header: 'VERSION', value: (row) => row.fileVersion },
  { header: 'PLATFORMS', value: (row) => formatPlatforms(row.platforms) },
  { header: 'LICENCES', value: (row) => row.licencesOwned, align: 'right' },
  { header: 'ENABLED', value: (row) => (row.enabled ? 'yes' : 'no') },
];

export function meteringRuleDetails(rule: MeteringRuleData): string {
  return renderFields([
    ['ID', rule.id],
    ['Product', rule.productName],
    ['File name', rule.fileName ?? 'any'],
    ['Original file name', rule.originalFileName ?? 'any'],
    ['File version', rule.fileVersion],
    ['Language', rule.language ?? 'any'],
    ['Installed name', rule.installedSoftwareName ?? `${rule.productName} (the product name)`],
    ['Platforms', formatPlatforms(rule.platforms)],
    ['Site', rule.site ?? 'any'],
    ['Licences owned', rule.licencesOwned],
    ['Enabled', rule.enabled ? 'yes' : 'no'],
    ['Created', rule.createdAt],
    ['Updated', rule.updatedAt],
  ]);
}

/** Seconds as hours and minutes: 5400 → 1h 30m. */
export function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours === 0 && minutes === 0) return `${seconds}s`;
  return hours === 0 ? `${minutes}m` : `${hours}h ${String(minutes).padStart(2, '0')}m`;
}

const summaryColumns = <T extends UsageSummary>(first: Column<T>): Column<T>[] => [
  first,
  { header: 'COMPUTERS', value: (row) => row.computers, align: 'right' },
  { header: 'USERS', value: (row) => row.users, align: 'right' },
  { header: 'LAUNCHES', value: (row) => row.launches, align: 'right' },
  { header: 'USAGE', value: (row) => formatDuration(row.usageSeconds), align: 'right' },
  { header: 'PEAK', value: (row) => row.peakConcurrentUsers, align: 'right' },
];

/** The month report; a drill-down list that is not whole says how many more there are and `allCommand` shows them. */
export function meteringReportView(report: MeteringReport, allCommand: string): string {
  const { summary } = report;
  const headline = renderFields([
    ['Rule', `${report.ruleId} ${report.productName}`],
    ['Month (UTC)', report.month],
    ['Computers', summary.computers],
    ['Users', summary.users],
    ['Launches', summary.launches],
    ['Usage', formatDuration(summary.usageSeconds)],
    ['Peak concurrent users', `${summary.peakConcurrentUsers} of ${report.licencesOwned} licences owned${report.overLicences ? ` — ${summary.peakConcurrentUsers - report.licencesOwned} over` : ''}`],
  ]);
  const used = report.days.filter((day) => day.launches > 0 || day.usageSeconds > 0);
  const days = used.length === 0 ? 'no usage on any day' : renderTable(summaryColumns({ header: 'DAY', value: (row: (typeof used)[number]) => row.day }), used);
  const computers =
    report.computers.length === 0
      ? 'no computers'
      : renderTable(
          [
            { header: 'COMPUTER', value: (row) => row.name ?? row.clientId },
            { header: 'LAUNCHES', value: (row) => row.launches, align: 'right' },
            { header: 'USAGE', value: (row) => formatDuration(row.usageSeconds), align: 'right' },
            { header: 'USERS', value: (row) => row.users.join(', ') },
          ],
          report.computers,
        );
  const users =
    report.users.length === 0
      ? 'no users'
      : renderTable(
          [
            { header: 'USER', value: (row) => row.user },
            { header: 'LAUNCHES', value: (row) => row.launches, align: 'right' },
            { header: 'USAGE', value: (row) => formatDuration(row.usageSeconds), align: 'right' },
            { header: 'COMPUTERS', value: (row) => row.computers, align: 'right' },
          ],
          report.users,
        );
  const more = (shown: number, total: number, what: string) => (shown < total ? [`${total - shown} more ${what} (${total} in all): ${allCommand}`] : []);
  return [headline, '', days, '', computers, ...more(report.computers.length, report.computersTotal, 'computers'), '', users, ...more(report.users.length, report.usersTotal, 'users')].join('\n');
}

/** Computers that have the rule's product installed but did not use it in the period. */
export function installedUnusedView(report: InstalledUnusedReport): string {
  const headline = `${report.ruleId} ${report.productName}: installed but not used since ${report.since} (${report.days} days)`;
  if (report.computers.length === 0) return `${headline}\nno computers`;
  const computers = renderTable(
    [
      { header: 'COMPUTER', value: (row) => row.clientName },
      { header: 'SOFTWARE', value: (row) => row.softwareName },
      { header: 'VERSION', value: (row) => row.softwareVersion },
      { header: 'LAST USED', value: (row) => row.lastUsedAt ?? 'never' },
    ],
    report.computers,
  );
  return `${headline}\n${computers}\n${report.computers.length} computer(s)`;
}
