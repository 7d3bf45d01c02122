import {
  PACKAGE_DISTRIBUTION_STATE_CODES,
  PackageDistributionState,
  PackageStatusChangedData,
} from '@sdp/contracts';

/** One (package, DP) row joined with the DP's placement, as raw SQL returns it. */
export interface DistributionRowRecord {
  package_id: string;
  distribution_point: string;
  state: PackageDistributionState;
  desired_version: number | null;
  installed_version: number | null;
  attempts: number;
  last_error: string | null;
  bytes_done: string;
  bytes_total: string;
  files_done: number;
  files_total: number;
  bytes_copied: string;
  objects_copied: number;
  updated_at: Date;
  site_code: string;
  boundaries: string[];
  protected: boolean;
}

/** Selects DistributionRowRecord columns from `package_distribution pd JOIN distribution_point dp`. */
export const DISTRIBUTION_ROW_COLUMNS = `pd.package_id, pd.distribution_point, pd.state, pd.desired_version, pd.installed_version,
  pd.attempts, pd.last_error, pd.bytes_done, pd.bytes_total, pd.files_done, pd.files_total, pd.bytes_copied,
  pd.objects_copied, pd.updated_at, dp.site_code, dp.boundaries, dp.protected`;

export const INSTALLING_STATES: readonly PackageDistributionState[] = ['INSTALL_PENDING', 'INSTALL_RETRYING', 'VALIDATION_FAILED'];
/** States a worker picks up (besides INSTALLED rows owing a validation). */
export const CLAIMABLE_STATES: readonly PackageDistributionState[] = [
  'INSTALL_PENDING',
  'INSTALL_RETRYING',
  'VALIDATION_FAILED',
  'REMOVAL_PENDING',
  'REMOVAL_RETRYING',
];
export const REMOVAL_STATES: readonly PackageDistributionState[] = ['REMOVAL_PENDING', 'REMOVAL_RETRYING', 'REMOVAL_FAILED'];

export function toStatusEventData(row: DistributionRowRecord): PackageStatusChangedData {
  return {
    packageId: row.package_id,
    distributionPoint: row.distribution_point,
    state: row.state,
    stateCode: PACKAGE_DISTRIBUTION_STATE_CODES[row.state],
    desiredVersion: row.desired_version,
    installedVersion: row.installed_version,
    attempts: row.attempts,
    lastError: row.last_error === null ? null : row.last_error.slice(0, 2048),
    bytesDone: Number(row.bytes_done),
    bytesTotal: Number(row.bytes_total),
    filesDone: row.files_done,
    filesTotal: row.files_total,
    siteCode: row.site_code,
    boundaries: row.boundaries,
    protected: row.protected,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The status API row: the event's fields minus the placement, plus what the last copy moved. */
export function toStatusView(row: DistributionRowRecord) {
  const { siteCode: _site, boundaries: _boundaries, protected: _protected, packageId: _id, ...status } = toStatusEventData(row);
  return { ...status, bytesCopied: Number(row.bytes_copied), objectsCopied: row.objects_copied };
}
