import type { DistributionStatus, DistributionStatusRow } from '@sdp/contracts';
import { formatBytes, progressBar } from '../output/format';
import { Column, renderTable } from '../output/table';

/** A row is done when the DP holds the version it should hold. */
function installed(row: DistributionStatusRow): boolean {
  return row.state === 'INSTALLED' && row.installedVersion !== null && row.installedVersion === row.desiredVersion;
}

function progressOf(row: DistributionStatusRow): string {
  if (installed(row)) return progressBar(1, 1, 16);
  return progressBar(row.bytesDone, row.bytesTotal, 16);
}

export function distributionTable(status: DistributionStatus): string {
  if (status.items.length === 0) return `package ${status.packageId} is on no distribution point`;
  return distributionRows(status.items, { header: 'DISTRIBUTION POINT', value: (row) => row.distributionPoint });
}

/** The rows of one DP, `GET /distribution-points/:name/packages`: a package per row. */
export type DpPackageRow = DistributionStatusRow & { packageId: string };

export function dpPackagesTable(distributionPoint: string, rows: readonly DpPackageRow[]): string {
  if (rows.length === 0) return `no package is on distribution point ${distributionPoint}`;
  return distributionRows(rows, { header: 'PACKAGE', value: (row) => row.packageId });
}

/** Status rows with what each is keyed by (the DP, or the package) first. */
function distributionRows<T extends DistributionStatusRow>(rows: readonly T[], key: Column<T>): string {
  return renderTable(
    [
      key,
      { header: 'STATE', value: (row) => row.state },
      { header: 'VERSION', value: (row) => `${row.installedVersion ?? '-'}/${row.desiredVersion ?? '-'}`, align: 'right' },
      { header: 'PROGRESS', value: progressOf },
      { header: 'BYTES', value: (row) => `${formatBytes(row.bytesDone)} / ${formatBytes(row.bytesTotal)}`, align: 'right' },
      { header: 'FILES', value: (row) => `${row.filesDone}/${row.filesTotal}`, align: 'right' },
      { header: 'TRIES', value: (row) => row.attempts, align: 'right' },
      { header: 'LAST ERROR', value: (row) => (row.lastError && row.lastError.length > 60 ? `${row.lastError.slice(0, 57)}...` : row.lastError) },
    ],
    rows,
  );
}

export const PACKAGE_UNTIL = ['installed'] as const;

/**
 * Where `package status --until installed` stands: done once every DP holds the desired version;
 * failed when a DP gave up (INSTALL_FAILED stays until a refresh), so a script does not wait in vain.
 */
export function packageWatchOutcome(status: DistributionStatus): { done: true } | { done: false; failure?: string } {
  const failed = status.items.find((row) => row.state === 'INSTALL_FAILED');
  if (failed) return { done: false, failure: `package ${status.packageId} failed on ${failed.distributionPoint}: ${failed.lastError ?? 'INSTALL_FAILED'}` };
  if (status.items.length > 0 && status.items.every(installed)) return { done: true };
  return { done: false };
}
