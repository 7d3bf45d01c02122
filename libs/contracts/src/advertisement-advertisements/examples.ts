import { AdvertisementData, AdvertisementDeletedData, AdvertisementRetryRequestedData } from './advertisement.schema';

export const advertisementExample: AdvertisementData = {
  id: 'S0100002',
  name: 'Contoso Reader to Finance',
  comment: '',
  packageId: 'S0100001',
  program: 'Install',
  collectionId: 'S0100003',
  includeSubcollections: true,
  availableAt: '2026-03-02T10:00:00Z',
  expiresAt: null,
  mandatory: [{ type: 'asap' }, { type: 'recurring', at: '2026-03-09T02:00:00Z', every: 'P7D' }],
  rerun: 'if-failed',
  fastNetwork: 'download',
  slowNetwork: 'do-not-run',
  allowFallbackToUnprotected: false,
  ignoreMaintenanceWindows: false,
  allowRestartOutsideWindows: false,
  allowUserToRunIndependently: true,
  priority: 'medium',
  enabled: true,
  retry: { maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 },
  createdAt: '2026-03-02T09:30:00Z',
  updatedAt: '2026-03-02T09:30:00Z',
};

export const advertisementDeletedExample: AdvertisementDeletedData = { id: 'S0100002' };

export const advertisementRetryRequestedExample: AdvertisementRetryRequestedData = {
  advertisementId: 'S0100002',
  scope: 'advertisement',
  clientId: null,
  phase: null,
  clientCount: 86,
  requestedAt: '2026-03-03T08:15:00Z',
};
