// The API documents that libs/contracts defines for every client of the services, as they are or with the fields an
// API adds (type-only: nothing of the library reaches the browser bundle).
import type {
  ClientData,
  CollectionData as ContractCollectionData,
  CollectionRuleData as CollectionRule,
  DistributionPointData,
  PackageData,
  ProgramData,
} from '@sdp/contracts';

export type { ClientData, CollectionRule, PackageData, ProgramData };
export type {
  AdvertisementData,
  AdvertisementIntegrity,
  AdvertisementStatusPage,
  AdvertisementView,
  ClientAdvertisementEntry,
  ClientAdvertisementsPage,
  ClientLastFailure,
  ClientRerunAccepted,
  ClientStatusRow,
  CreatedEnrollmentSecret,
  DistributionPointGroupData as DistributionPointGroup,
  DistributionStatus,
  DistributionStatusRow,
  EnrollmentSecretData as EnrollmentSecret,
  MaintenanceWindowData as MaintenanceWindow,
  InstalledUnusedReport as InstalledUnused,
  MandatoryAssignmentData as Schedule,
  MeteringReport,
  MeteringReportPage,
  MeteringRuleData as MeteringRule,
  UsageSummary,
  PackageDistributionState as DistributionState,
  PlatformData,
  ProgramOutput,
  RolloutPhaseView,
  RolloutView,
  StatusHistoryEntry,
  StatusSummary,
} from '@sdp/contracts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Priority = PackageData['priority'];

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

/** content-replication's answer: the event's distribution point plus its access key (never the secret). */
export interface DistributionPoint extends DistributionPointData {
  accessKey: string;
}

/** targeting's answer: the event's collection plus the membership version, to line it up with membership events. */
export interface CollectionData extends ContractCollectionData {
  membershipVersion: number;
}

export interface PreviewResult {
  count: number;
  sample: ClientData[];
}

export interface CollectionExplain {
  clientId: string;
  member: boolean;
  reason: string;
  limiting: { collectionId: string; member: boolean } | null;
  rules: { rule: CollectionRule; matched: boolean; effect: string }[];
}

export interface AdvertisementExplain {
  clientId: string;
  applies: boolean;
  excludedBy: string | null;
  checks: { condition: string; passed: boolean; detail: string }[];
  contentReady?: boolean;
  network?: string;
  locations?: { distributionPoint: string; tier: string }[];
}

