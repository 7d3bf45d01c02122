import { PackageStatusChangedData, PackageStatusRemovedData } from './package-status.schema';

export const packageStatusChangedExample: PackageStatusChangedData = {
  packageId: 'S0100001',
  distributionPoint: 'dp-berlin-1',
  state: 'INSTALLED',
  stateCode: 0,
  desiredVersion: 2,
  installedVersion: 2,
  attempts: 1,
  lastError: null,
  bytesDone: 104857600,
  bytesTotal: 104857600,
  filesDone: 42,
  filesTotal: 42,
  siteCode: 'S01',
  boundaries: ['10.1.0.0/16'],
  protected: false,
  updatedAt: '2026-03-02T09:16:30Z',
};

export const packageStatusRemovedExample: PackageStatusRemovedData = {
  packageId: 'S0100001',
  distributionPoint: 'dp-berlin-1',
};
