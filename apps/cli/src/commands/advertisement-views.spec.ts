import type { AdvertisementView, StatusHistoryEntry } from '@sdp/contracts';
import { advertisementDetails, advertisementState, rolloutGlance } from './advertisement-commands';
import { advertisementHistoryView } from './advertisement-status-view';

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

describe('advertisement history', () => {
  const entry = (seq: number, state: string, extra: Partial<StatusHistoryEntry> = {}): StatusHistoryEntry => ({
    seq,
    state,
    messageId: null,
    messageText: null,
    exitCode: null,
    detail: null,
    packageVersion: 3,
    output: null,
    reportedAt: `2026-03-02T10:0${seq}:00.000Z`,
    receivedAt: `2026-03-02T10:0${seq}:01.000Z`,
    ...extra,
  });

  it('shows each report with its message text and package version, then every output kept in full', () => {
    const view = advertisementHistoryView('S0100002', 'c-1', [
      entry(3, 'FAILED', { messageId: 10006, messageText: 'Program failed', exitCode: 126, output: { stdout: 'a\nb\n', stderr: 'denied\\u{0007}\n', truncated: true } }),
      entry(2, 'RUNNING', { messageId: 10005, messageText: 'Program started' }),
      entry(1, 'ACCEPTED', { messageId: 10950 }),
    ]);
    expect(view).toMatch(/^\s*3\s+FAILED\s+10006 Program failed\s+126\s+3\s+2026-03-02T10:03:00.000Z\s+-$/m);
    expect(view).toMatch(/^\s*1\s+ACCEPTED\s+10950\s+-\s+3\s/m);
    expect(view).toContain('Output with report 3 (FAILED, 2026-03-02T10:03:00.000Z):\n  stderr (earlier output not shown):\n    denied\\u{0007}\n  stdout (earlier output not shown):\n    a\n    b');
    expect(advertisementHistoryView('S0100002', 'c-1', [])).toBe('client c-1 has not reported on advertisement S0100002');
  });
});
