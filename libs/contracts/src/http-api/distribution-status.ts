import type { PackageStatusChangedData } from '../replication-package-status';

/**
 * One row of content-replication's GET /packages/:id/distribution-status: a package on one DP,
 * the package-status event's fields without the DP's placement, plus what its last copy moved.
 */
export type DistributionStatusRow = Omit<PackageStatusChangedData, 'packageId' | 'siteCode' | 'boundaries' | 'protected'> & {
  bytesCopied: number;
  objectsCopied: number;
};

export interface DistributionStatus {
  packageId: string;
  items: DistributionStatusRow[];
}
