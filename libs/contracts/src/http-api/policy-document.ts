import type { AdvertisementData } from '../advertisement-advertisements';
import type { ProgramData } from '../catalog-packages';
import type { MaintenanceWindowData } from '../targeting-collections';

/**
 * The policy document a client gets from the advertisement service (GET /clients/:id/policy):
 * the advertisement service builds it, agents read it. Built from the events' data types.
 */
export type PolicyProgram = Omit<ProgramData, 'createdAt' | 'updatedAt'>;

export interface PolicyPackage {
  id: string;
  name: string;
  version: string;
  sourceVersion: number;
  manifestDigest: string | null;
  hasSource: boolean;
  persistInCache: boolean;
  sizeBytes: number;
}

export interface PolicyDependency {
  package: PolicyPackage;
  program: PolicyProgram;
  alwaysRunFirst: boolean;
  contentVersion: number;
  contentReady: boolean;
}

export interface PolicyAdvertisement
  extends Pick<
    AdvertisementData,
    | 'name'
    | 'comment'
    | 'priority'
    | 'availableAt'
    | 'expiresAt'
    | 'mandatory'
    | 'rerun'
    | 'fastNetwork'
    | 'slowNetwork'
    | 'allowFallbackToUnprotected'
    | 'ignoreMaintenanceWindows'
    | 'allowRestartOutsideWindows'
    | 'allowUserToRunIndependently'
  > {
  advertisementId: string;
  package: PolicyPackage;
  program: PolicyProgram;
  /** In run order; each runs before the advertised program. */
  dependencies: PolicyDependency[];
  contentVersion: number;
  contentReady: boolean;
  network: 'fast' | 'slow';
}

export type PolicyMaintenanceWindow = MaintenanceWindowData & { collectionId: string };

/**
 * The right to download one version of one package, signed by the advertisement service for this
 * client: content-replication answers content locations only against it (`grant` query parameter).
 */
export interface PolicyContentGrant {
  packageId: string;
  version: number;
  grant: string;
  expiresAt: string;
}

export interface PolicyBody {
  clientId: string;
  advertisements: PolicyAdvertisement[];
  maintenanceWindows: PolicyMaintenanceWindow[];
  /** One for every package version with content in the advertisements, their dependencies included. */
  contentGrants: PolicyContentGrant[];
}

export type MandatoryAssignment = AdvertisementData['mandatory'][number];
