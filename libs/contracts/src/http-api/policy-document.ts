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
    | 'retry'
  > {
  advertisementId: string;
  package: PolicyPackage;
  program: PolicyProgram;
  /** In run order; each runs before the advertised program. */
  dependencies: PolicyDependency[];
  contentVersion: number;
  contentReady: boolean;
  network: 'fast' | 'slow';
  /**
   * Raised by the administrator's "retry failed" for this client: a generation the agent has not
   * seen yet makes it run the advertisement again although its history says the last run failed.
   * 0 until it is ever asked.
   */
  retryGeneration: number;
  /**
   * The retryGeneration at which the administrator asked this client to run the advertisement
   * again whatever its last run's outcome and the rerun rule ("rerun"); 0 when never. When it
   * equals retryGeneration, the new generation forgets a successful last run too.
   */
  rerunGeneration: number;
}

export type PolicyMaintenanceWindow = MaintenanceWindowData & { collectionId: string };

export interface PolicyBody {
  clientId: string;
  advertisements: PolicyAdvertisement[];
  maintenanceWindows: PolicyMaintenanceWindow[];
}

/**
 * The right to download one version of one package (GET /clients/:id/content-grant), signed by the
 * advertisement service for one client whose current policy runs it: content-replication answers
 * content locations only against it (`grant` query parameter).
 */
export interface ContentGrant {
  packageId: string;
  version: number;
  grant: string;
  expiresAt: string;
}

export type MandatoryAssignment = AdvertisementData['mandatory'][number];
