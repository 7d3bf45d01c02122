import type { AdvertisementData } from '@sdp/contracts';

/**
 * One row of the advertisement table as the pg driver returns it, for the policy computation's raw
 * SQL (policy-data.ts); everything else reads and writes AdvertisementEntity.
 */
export interface AdvertisementRow {
  id: string;
  name: string;
  comment: string;
  package_id: string;
  program: string;
  collection_id: string;
  include_subcollections: boolean;
  available_at: Date;
  expires_at: Date | null;
  mandatory: AdvertisementData['mandatory'];
  rerun: AdvertisementData['rerun'];
  fast_network: AdvertisementData['fastNetwork'];
  slow_network: AdvertisementData['slowNetwork'];
  allow_fallback_to_unprotected: boolean;
  ignore_maintenance_windows: boolean;
  allow_restart_outside_windows: boolean;
  allow_user_to_run_independently: boolean;
  priority: AdvertisementData['priority'];
  enabled: boolean;
  retry: AdvertisementData['retry'];
  created_at: Date;
  updated_at: Date;
}

export const ADVERTISEMENT_COLUMNS = `id, name, comment, package_id, program, collection_id, include_subcollections, available_at,
  expires_at, mandatory, rerun, fast_network, slow_network, allow_fallback_to_unprotected, ignore_maintenance_windows,
  allow_restart_outside_windows, allow_user_to_run_independently, priority, enabled, retry, created_at, updated_at`;

export function advertisementFromRow(row: AdvertisementRow): AdvertisementData {
  return {
    id: row.id,
    name: row.name,
    comment: row.comment,
    packageId: row.package_id,
    program: row.program,
    collectionId: row.collection_id,
    includeSubcollections: row.include_subcollections,
    availableAt: row.available_at.toISOString(),
    expiresAt: row.expires_at === null ? null : row.expires_at.toISOString(),
    mandatory: row.mandatory,
    rerun: row.rerun,
    fastNetwork: row.fast_network,
    slowNetwork: row.slow_network,
    allowFallbackToUnprotected: row.allow_fallback_to_unprotected,
    ignoreMaintenanceWindows: row.ignore_maintenance_windows,
    allowRestartOutsideWindows: row.allow_restart_outside_windows,
    allowUserToRunIndependently: row.allow_user_to_run_independently,
    priority: row.priority,
    enabled: row.enabled,
    retry: row.retry,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
