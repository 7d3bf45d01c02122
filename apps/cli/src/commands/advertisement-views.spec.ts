import type { AdvertisementView } from '@sdp/contracts';
import { advertisementDetails, advertisementState, rolloutGlance } from './advertisement-commands';

const advertisement: AdvertisementView = {
  id: 'S0100002',
  name: 'Reader',
  comment: '',
  packageId: 'S0100001',
  program: 'Install',
  collectionId: 'S0100004',
  includeSubcollections: true,
  availableAt: '2026-03-02T10:00:00.000Z',
  expiresAt: null,
  mandatory: [],
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
  createdAt: '2026-03-02T09:30:00.000Z',
  updatedAt: '2026-03-02T09:30:00.000Z',
  broken: false,
  brokenReason: null,
  rollout: null,
};

describe('advertisement list and show', () => {
  const broken: AdvertisementView = { ...advertisement, broken: true, brokenReason: 'collection S0100004 was deleted' };

  it('lists a broken advertisement as broken, whatever enabled says', () => {
    expect(advertisementState(advertisement)).toBe('enabled');
    expect(advertisementState({ ...advertisement, enabled: false })).toBe('disabled');
    expect(advertisementState(broken)).toBe('broken');
  });

  it('shows its retry settings', () => {
    expect(advertisementDetails(advertisement)).toMatch(/^Retries\s+3 attempts, 60 s doubling to at most 3600 s \(±25 %\)$/m);
    expect(advertisementDetails({ ...advertisement, retry: { ...advertisement.retry, maxAttempts: 1 } })).toMatch(/^Retries\s+no retry \(1 attempt\)$/m);
  });

  it('says where a phased deployment stands', () => {
    expect(advertisementDetails(advertisement)).toMatch(/^Rollout\s+none: the whole collection at once$/m);
    expect(advertisementDetails({ ...advertisement, rollout: { state: 'paused', openPhases: 2, phases: 4 } })).toMatch(
      /^Rollout\s+paused, 2 of 4 phases open \(sdp rollout status S0100002\)$/m,
    );
    expect(rolloutGlance({ ...advertisement, rollout: { state: 'active', openPhases: 1, phases: 3 } })).toBe('active 1/3');
  });

  it('shows why it is broken', () => {
    expect(advertisementDetails(advertisement)).toMatch(/^Broken\s+no$/m);
    expect(advertisementDetails(broken)).toMatch(/^Broken\s+yes: collection S0100004 was deleted \(offered to no client\)$/m);
  });
});
