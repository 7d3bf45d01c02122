import type { AdvertisementData } from '@sdp/contracts';
import { advertisementFromRow, AdvertisementRow } from './advertisement.record';
import { toAdvertisementData, toAdvertisementEntity } from './advertisement.entity';

describe('advertisement entity', () => {
  const advertisement: AdvertisementData = {
    id: 'S0100002',
    name: 'Reader to everyone',
    comment: '',
    packageId: 'S0100001',
    program: 'Install',
    collectionId: 'S0100004',
    includeSubcollections: true,
    availableAt: '2026-07-01T00:00:00.000Z',
    expiresAt: '2026-08-01T12:30:00.000Z',
    mandatory: [{ type: 'at', at: '2026-07-02T02:00:00.000Z' }, { type: 'logon' }],
    rerun: 'if-failed',
    fastNetwork: 'download',
    slowNetwork: 'do-not-run',
    allowFallbackToUnprotected: false,
    ignoreMaintenanceWindows: true,
    allowRestartOutsideWindows: false,
    allowUserToRunIndependently: true,
    priority: 'high',
    enabled: true,
    retry: { maxAttempts: 5, initialBackoffSeconds: 30, maxBackoffSeconds: 600 },
    createdAt: '2026-06-30T09:15:00.123Z',
    updatedAt: '2026-06-30T10:00:00.456Z',
  };

  it('stores an advertisement and reads it back unchanged, fields in the order the API and events have them', () => {
    const read = toAdvertisementData(toAdvertisementEntity(advertisement));
    expect(read).toEqual(advertisement);
    expect(Object.keys(read)).toEqual(Object.keys(advertisement));
    expect(toAdvertisementData(toAdvertisementEntity({ ...advertisement, expiresAt: null })).expiresAt).toBeNull();
  });

  it('reads a row as the policy computation reads it from raw SQL', () => {
    const row: AdvertisementRow = {
      id: advertisement.id,
      name: advertisement.name,
      comment: advertisement.comment,
      package_id: advertisement.packageId,
      program: advertisement.program,
      collection_id: advertisement.collectionId,
      include_subcollections: advertisement.includeSubcollections,
      available_at: new Date(advertisement.availableAt),
      expires_at: null,
      mandatory: advertisement.mandatory,
      rerun: advertisement.rerun,
      fast_network: advertisement.fastNetwork,
      slow_network: advertisement.slowNetwork,
      allow_fallback_to_unprotected: advertisement.allowFallbackToUnprotected,
      ignore_maintenance_windows: advertisement.ignoreMaintenanceWindows,
      allow_restart_outside_windows: advertisement.allowRestartOutsideWindows,
      allow_user_to_run_independently: advertisement.allowUserToRunIndependently,
      priority: advertisement.priority,
      enabled: advertisement.enabled,
      retry: advertisement.retry,
      created_at: new Date(advertisement.createdAt),
      updated_at: new Date(advertisement.updatedAt),
    };
    const fromEntity = toAdvertisementData(toAdvertisementEntity({ ...advertisement, expiresAt: null }));
    expect(advertisementFromRow(row)).toEqual(fromEntity);
    expect(Object.keys(advertisementFromRow(row))).toEqual(Object.keys(fromEntity));
  });
});
