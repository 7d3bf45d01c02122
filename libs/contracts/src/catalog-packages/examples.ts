import { PackageData, PackageDeletedData } from './package.schema';
import { ProgramData, ProgramDeletedData } from './program.schema';
import { SourceVersionPublishedData } from './source-version.schema';

export const packageExample: PackageData = {
  id: 'S0100001',
  name: 'Contoso Reader',
  version: '11.2',
  manufacturer: 'Contoso',
  language: 'English',
  description: 'PDF reader for every office computer',
  priority: 'medium',
  persistInCache: false,
  hasSource: true,
  sourceVersion: 2,
  manifestDigest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  sourceDate: '2026-03-02T09:15:00Z',
  sizeBytes: 104857600,
  fileCount: 42,
  sourceLocation: null,
  sourceRefreshMinutes: null,
  createdAt: '2026-03-01T08:00:00Z',
  updatedAt: '2026-03-02T09:15:00Z',
};

/** A package as created: no source published yet. */
export const newPackageExample: PackageData = {
  ...packageExample,
  sourceVersion: 0,
  manifestDigest: null,
  sourceDate: null,
  sizeBytes: 0,
  fileCount: 0,
  updatedAt: packageExample.createdAt,
};

export const packageDeletedExample: PackageDeletedData = { id: 'S0100001' };

export const programExample: ProgramData = {
  packageId: 'S0100001',
  name: 'Install',
  commandLine: 'msiexec /i reader.msi /qn',
  workingDirectory: '',
  runWindow: 'hidden',
  afterRunning: 'none',
  category: 'Office',
  estimatedDiskSpaceMb: 250,
  maxRunTimeMinutes: 120,
  platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0.19041' }],
  runWhen: 'any',
  runAs: 'admin',
  allowUserInteraction: false,
  runOncePer: 'computer',
  dependsOn: null,
  suppressNotifications: false,
  disabled: false,
  successExitCodes: [0],
  rebootExitCodes: [1604, 1641, 3010, 3011],
  retryExitCodes: [],
  createdAt: '2026-03-01T08:05:00Z',
  updatedAt: '2026-03-01T08:05:00Z',
};

export const programDeletedExample: ProgramDeletedData = { packageId: 'S0100001', name: 'Install' };

export const sourceVersionPublishedExample: SourceVersionPublishedData = {
  packageId: 'S0100001',
  version: 2,
  manifestDigest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  fileCount: 42,
  sizeBytes: 104857600,
  manifestLocation: 'manifests/S0100001/2.json',
  publishedAt: '2026-03-02T09:15:00Z',
};
