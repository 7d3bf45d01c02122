import type { PackageData, ProgramData } from '@sdp/contracts';
import { formatBytes } from '../output/format';
import { Column, renderFields, renderTable } from '../output/table';
import { formatPlatforms } from './platform';

export const PACKAGE_COLUMNS: Column<PackageData>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name },
  { header: 'VERSION', value: (row) => row.version },
  { header: 'MANUFACTURER', value: (row) => row.manufacturer },
  { header: 'PRIORITY', value: (row) => row.priority },
  { header: 'SOURCE', value: (row) => (row.hasSource ? `v${row.sourceVersion}` : 'none') },
  { header: 'FILES', value: (row) => row.fileCount, align: 'right' },
  { header: 'SIZE', value: (row) => formatBytes(row.sizeBytes), align: 'right' },
];

export function packageDetails(pkg: PackageData): string {
  return renderFields([
    ['ID', pkg.id],
    ['Name', pkg.name],
    ['Version', pkg.version],
    ['Manufacturer', pkg.manufacturer],
    ['Language', pkg.language],
    ['Description', pkg.description],
    ['Priority', pkg.priority],
    ['Persist in cache', pkg.persistInCache ? 'yes' : 'no'],
    ['Has source', pkg.hasSource ? 'yes' : 'no (command only)'],
    ['Source version', pkg.sourceVersion],
    ['Source date', pkg.sourceDate],
    ['Files', pkg.fileCount],
    ['Size', `${formatBytes(pkg.sizeBytes)} (${pkg.sizeBytes} bytes)`],
    ['Manifest digest', pkg.manifestDigest],
    ['Source location', pkg.sourceLocation],
    ['Refresh every', pkg.sourceRefreshMinutes === null ? null : `${pkg.sourceRefreshMinutes} min`],
    ['Created', pkg.createdAt],
    ['Updated', pkg.updatedAt],
  ]);
}

export const PROGRAM_COLUMNS: Column<ProgramData>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'COMMAND', value: (row) => (row.commandLine.length > 60 ? `${row.commandLine.slice(0, 57)}...` : row.commandLine) },
  { header: 'PLATFORMS', value: (row) => formatPlatforms(row.platforms) },
  { header: 'MAX MIN', value: (row) => row.maxRunTimeMinutes, align: 'right' },
  { header: 'RUN AS', value: (row) => row.runAs },
  { header: 'DEPENDS ON', value: (row) => (row.dependsOn ? `${row.dependsOn.packageId}:${row.dependsOn.program}` : null) },
  { header: 'ENABLED', value: (row) => (row.disabled ? 'no' : 'yes') },
];

export function programDetails(program: ProgramData): string {
  return renderFields([
    ['Package', program.packageId],
    ['Name', program.name],
    ['Command line', program.commandLine],
    ['Working directory', program.workingDirectory || '(package root)'],
    ['Platforms', formatPlatforms(program.platforms)],
    ['Max run time', `${program.maxRunTimeMinutes} min`],
    ['Run as', program.runAs],
    ['Run when', program.runWhen],
    ['Run window', program.runWindow],
    ['After running', program.afterRunning],
    ['Run once per', program.runOncePer],
    ['Category', program.category],
    ['Disk space', program.estimatedDiskSpaceMb === null ? 'unknown' : `${program.estimatedDiskSpaceMb} MB`],
    [
      'Depends on',
      program.dependsOn
        ? `${program.dependsOn.packageId}:${program.dependsOn.program}${program.dependsOn.alwaysRunFirst ? ' (always run first)' : ''}`
        : null,
    ],
    ['User interaction', program.allowUserInteraction ? 'yes' : 'no'],
    ['Notifications', program.suppressNotifications ? 'suppressed' : 'shown'],
    ['Enabled', program.disabled ? 'no' : 'yes'],
    ['Success exit codes', program.successExitCodes.join(', ')],
    ['Reboot exit codes', program.rebootExitCodes.join(', ')],
    ['Retry exit codes', program.retryExitCodes.join(', ')],
  ]);
}

export function table<T>(columns: Column<T>[], rows: T[], empty: string): string {
  return rows.length === 0 ? empty : renderTable(columns, rows);
}
