export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Priority = 'high' | 'medium' | 'low';

export interface PackageData {
  id: string;
  name: string;
  version: string;
  manufacturer: string;
  language: string;
  description: string;
  priority: Priority;
  persistInCache: boolean;
  hasSource: boolean;
  sourceVersion: number;
  manifestDigest: string | null;
  sourceDate: string | null;
  sizeBytes: number;
  fileCount: number;
  sourceLocation: string | null;
  sourceRefreshMinutes: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlatformData {
  os: 'windows' | 'linux' | 'macos';
  arch: 'x86' | 'x64' | 'arm64';
  minVersion?: string;
  maxVersion?: string;
}

export interface ProgramDependency {
  packageId: string;
  program: string;
  alwaysRunFirst: boolean;
}

export interface ProgramData {
  packageId: string;
  name: string;
  commandLine: string;
  workingDirectory: string;
  runWindow: 'normal' | 'minimized' | 'maximized' | 'hidden';
  afterRunning: 'none' | 'system-restart' | 'program-restarts' | 'logoff';
  category: string;
  estimatedDiskSpaceMb: number | null;
  maxRunTimeMinutes: number;
  platforms: 'any' | PlatformData[];
  runWhen: 'user-logged-on' | 'no-user' | 'any';
  runAs: 'admin' | 'user';
  allowUserInteraction: boolean;
  runOncePer: 'computer' | 'user';
  dependsOn: ProgramDependency | null;
  suppressNotifications: boolean;
  disabled: boolean;
  successExitCodes: number[];
  rebootExitCodes: number[];
  retryExitCodes: number[];
}

/** The catalog's answer to importing a package definition file. */
export interface ImportedDefinition {
  package: PackageData;
  programs: ProgramData[];
  /** Keys and sections of the file that were not imported. */
  warnings: string[];
}

export interface SourceVersion {
  version: number;
  manifestDigest: string;
  fileCount: number;
  sizeBytes: number;
  newBytes: number;
  publishedAt: string;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  mode: number;
}

export interface Manifest {
  packageId: string;
  version: number;
  fileCount: number;
  sizeBytes: number;
  files: ManifestFile[];
  manifestDigest: string;
  publishedAt: string;
}

export interface PublishedVersion {
  version: number;
  fileCount: number;
  sizeBytes: number;
  manifestDigest: string;
  newBytes: number;
}

export interface DistributionPoint {
  name: string;
  description: string;
  endpoint: string;
  publicEndpoint: string;
  bucket: string;
  region: string;
  accessKey?: string;
  siteCode: string;
  boundaries: string[];
  protected: boolean;
  enabled: boolean;
  maxConcurrentTransfers: number;
  rateLimitBytesPerSec: number | null;
  updatedAt: string;
}

export interface DistributionPointGroup {
  name: string;
  description: string;
  members: string[];
}

export type DistributionState =
  | 'INSTALLED'
  | 'INSTALL_PENDING'
  | 'INSTALL_RETRYING'
  | 'INSTALL_FAILED'
  | 'REMOVAL_PENDING'
  | 'REMOVAL_RETRYING'
  | 'REMOVAL_FAILED'
  | 'VALIDATION_FAILED';

// The API documents that libs/contracts defines for every client of the services (type-only: nothing of the
// library reaches the browser bundle).
export type { ClientStatusRow, DistributionStatus, DistributionStatusRow, StatusHistoryEntry, StatusSummary } from '@sdp/contracts';

export interface ClientData {
  id: string;
  name: string;
  hardwareId: string;
  domain: string | null;
  os: { name: string; version: string; arch: string };
  siteCode: string;
  ipAddresses: string[];
  inventory: Record<string, unknown>;
  approved: boolean;
  blocked: boolean;
  registeredAt: string;
  lastSeenAt: string;
}

export type CollectionRule =
  | { type: 'direct'; clientId: string }
  | { type: 'query'; name: string; expression: string }
  | { type: 'include'; collectionId: string }
  | { type: 'exclude'; collectionId: string };

export interface MaintenanceWindow {
  id: string;
  name: string;
  start: string;
  durationMinutes: number;
  recurrence: { type: 'none' | 'daily' | 'weekly' | 'monthly'; days?: string[]; day?: number };
}

export interface CollectionData {
  id: string;
  name: string;
  comment: string;
  builtIn: boolean;
  limitingCollectionId: string | null;
  parentCollectionId: string | null;
  rules: CollectionRule[];
  refresh: { incremental: boolean; fullEveryMinutes: number | null };
  maintenanceWindows: MaintenanceWindow[];
  membershipVersion: number;
}

export interface PreviewResult {
  count: number;
  sample: ClientData[];
}

export interface CollectionExplain {
  member: boolean;
  reason: string;
  limiting: { collectionId: string; member: boolean } | null;
  rules: { rule: CollectionRule; matched: boolean; effect: string }[];
}

export type Schedule =
  | { type: 'asap' }
  | { type: 'at'; at: string }
  | { type: 'recurring'; at: string; every: string }
  | { type: 'logon' }
  | { type: 'logoff' };

export interface AdvertisementData {
  id: string;
  name: string;
  comment: string;
  packageId: string;
  program: string;
  collectionId: string;
  includeSubcollections: boolean;
  availableAt: string;
  expiresAt: string | null;
  mandatory: Schedule[];
  rerun: 'never' | 'always' | 'if-failed' | 'if-succeeded';
  fastNetwork: 'download' | 'run-from-dp';
  slowNetwork: 'do-not-run' | 'download' | 'run-from-dp';
  allowFallbackToUnprotected: boolean;
  ignoreMaintenanceWindows: boolean;
  allowRestartOutsideWindows: boolean;
  allowUserToRunIndependently: boolean;
  priority: Priority;
  enabled: boolean;
}


export interface AdvertisementExplain {
  applies: boolean;
  excludedBy: string | null;
  checks: { condition: string; passed: boolean; detail: string }[];
  contentReady?: boolean;
  network?: string;
  locations?: { distributionPoint: string; tier: string }[];
}
