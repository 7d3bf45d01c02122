import type { DistributionStatusRow } from '@sdp/contracts';
import { advertisementStatusView, advertisementWatchOutcome, AdvertisementStatus } from './advertisement-status-view';
import { distributionTable, dpPackagesTable, packageWatchOutcome } from './distribution-view';

const row = (overrides: Partial<DistributionStatusRow>): DistributionStatusRow => ({
  distributionPoint: 'dp-1',
  state: 'INSTALL_PENDING',
  stateCode: 1,
  desiredVersion: 2,
  installedVersion: 1,
  bytesDone: 0,
  bytesTotal: 4096,
  filesDone: 0,
  filesTotal: 4,
  attempts: 0,
  lastError: null,
  updatedAt: '2026-03-02T10:00:00Z',
  bytesCopied: 0,
  objectsCopied: 0,
  ...overrides,
});

describe('package status', () => {
  it('shows a progress bar per DP', () => {
    const text = distributionTable({
      packageId: 'S0100001',
      items: [row({ bytesDone: 2048, filesDone: 2 }), row({ distributionPoint: 'dp-2', state: 'INSTALLED', installedVersion: 2, bytesDone: 0, bytesTotal: 0 })],
    });
    expect(text.split('\n')).toEqual([
      'DISTRIBUTION POINT  STATE            VERSION  PROGRESS                             BYTES  FILES  TRIES  LAST ERROR',
      'dp-1                INSTALL_PENDING      1/2  [########--------]  50%  2.0 KiB / 4.0 KiB    2/4      0  -',
      'dp-2                INSTALLED            2/2  [################] 100%          0 B / 0 B    0/4      0  -',
    ]);
  });

  it('lists the packages on one DP, a row each, keyed by package', () => {
    const text = dpPackagesTable('dp-1', [{ ...row({ state: 'INSTALL_RETRYING', attempts: 3, lastError: 'connect ECONNREFUSED' }), packageId: 'S0100002' }]);
    expect(text.split('\n')).toEqual([
      'PACKAGE   STATE             VERSION  PROGRESS                         BYTES  FILES  TRIES  LAST ERROR',
      'S0100002  INSTALL_RETRYING      1/2  [----------------]   0%  0 B / 4.0 KiB    0/4      3  connect ECONNREFUSED',
    ]);
    expect(dpPackagesTable('dp-1', [])).toBe('no package is on distribution point dp-1');
  });

  it('says so when the package is on no DP', () => {
    expect(distributionTable({ packageId: 'S0100001', items: [] })).toBe('package S0100001 is on no distribution point');
  });

  it('is installed only when every DP holds the desired version', () => {
    expect(packageWatchOutcome({ packageId: 'S0100001', items: [] })).toEqual({ done: false });
    expect(packageWatchOutcome({ packageId: 'S0100001', items: [row({ state: 'INSTALLED', installedVersion: 1 })] })).toEqual({ done: false });
    expect(
      packageWatchOutcome({ packageId: 'S0100001', items: [row({ state: 'INSTALLED', installedVersion: 2 }), row({ distributionPoint: 'dp-2', state: 'INSTALL_RETRYING' })] }),
    ).toEqual({ done: false });
    expect(packageWatchOutcome({ packageId: 'S0100001', items: [row({ state: 'INSTALLED', installedVersion: 2 })] })).toEqual({ done: true });
  });

  it('fails the watch when a DP gave up', () => {
    expect(packageWatchOutcome({ packageId: 'S0100001', items: [row({ state: 'INSTALL_FAILED', lastError: 'AccessDenied' })] })).toEqual({
      done: false,
      failure: 'package S0100001 failed on dp-1: AccessDenied',
    });
  });
});

describe('advertisement status', () => {
  const status = (summary: Partial<AdvertisementStatus['summary']>): AdvertisementStatus => ({
    advertisementId: 'S0100003',
    broken: false,
    brokenReason: null,
    summary: { targeted: 4, accepted: 0, waiting: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, notReported: 0, ...summary },
    items: [],
  });

  it('waits for every targeted client', () => {
    expect(advertisementWatchOutcome(status({ targeted: 0 }), 'succeeded')).toEqual({ done: false });
    expect(advertisementWatchOutcome(status({ succeeded: 3 }), 'succeeded')).toEqual({ done: false });
    expect(advertisementWatchOutcome(status({ succeeded: 4 }), 'succeeded')).toEqual({ done: true });
    expect(advertisementWatchOutcome(status({ succeeded: 3, failed: 1 }), 'finished')).toEqual({ done: true });
    expect(advertisementWatchOutcome(status({ succeeded: 2, failed: 1 }), 'succeeded')).toEqual({ done: false, failure: '1 of 4 clients failed advertisement S0100003' });
  });

  it('shows the summary with the share finished and a row per client', () => {
    const view = advertisementStatusView({
      ...status({ succeeded: 1, failed: 1, notReported: 2 }),
      items: [
        {
          clientId: 'c-1',
          acceptanceState: 'ACCEPTED',
          acceptanceAt: '2026-03-02T10:00:00Z',
          deliveryState: 'FAILED',
          deliveryAt: '2026-03-02T10:01:00Z',
          messageId: 10006,
          messageText: 'Program failed',
          exitCode: 1603,
          detail: null,
          packageVersion: 3,
          output: { stdout: Array.from({ length: 12 }, (_, line) => `step ${line + 1}`).join('\n'), stderr: '/bin/sh: 1: ./install.sh: Permission denied\n', truncated: false },
          lastSeq: 4,
          timedOut: false,
        },
      ],
    });
    expect(view).toMatch(/^Progress\s+\[##########----------\]  50% 2\/4 finished$/m);
    expect(view).toMatch(/^c-1\s+FAILED\s+10006 Program failed\s+1603\s+3\s+2026-03-02T10:01:00Z\s+-$/m);
    expect(view).toContain('Output of c-1 (last 10 lines of each stream; all: sdp advertisement history S0100003 --client c-1):');
    expect(view).toContain('  stderr:\n    /bin/sh: 1: ./install.sh: Permission denied\n  stdout (earlier output not shown):\n    step 3\n');
    expect(view).not.toContain('step 2\n');
    expect(view.trimEnd().endsWith('    step 12')).toBe(true);
  });

  it('shows a client silent past the maximum run time plus grace as timed out, and the watch as finished with it', () => {
    const row = {
      clientId: 'c-2',
      acceptanceState: 'ACCEPTED',
      acceptanceAt: null,
      deliveryState: 'RUNNING',
      deliveryAt: '2026-03-02T10:01:00Z',
      messageId: 10005,
      messageText: 'Program started',
      exitCode: null,
      detail: null,
      packageVersion: 3,
      output: null,
      lastSeq: 2,
    };
    const view = advertisementStatusView({ ...status({ succeeded: 3, timedOut: 1 }), items: [{ ...row, timedOut: true }] });
    expect(view).toMatch(/^Timed out\s+1$/m);
    expect(view).toMatch(/^c-2\s+no report \(timed out\) after RUNNING\s+10005/m);
    expect(advertisementWatchOutcome(status({ succeeded: 3, timedOut: 1 }), 'finished')).toEqual({ done: true });
    expect(advertisementWatchOutcome(status({ succeeded: 3, timedOut: 1 }), 'succeeded')).toEqual({ done: false });
  });

  it('says so when nobody is targeted, never a share of zero', () => {
    expect(advertisementStatusView(status({ targeted: 0 }))).toMatch(/^Progress\s+no client targeted$/m);
    const view = advertisementStatusView(status({ targeted: 0, succeeded: 1 }));
    expect(view).toMatch(/^Progress\s+no client targeted now \(1 finished before\)$/m);
    expect(view).not.toContain('1/0');
  });

  it('counts clients that left the collection apart from those still targeted', () => {
    expect(advertisementStatusView(status({ targeted: 2, succeeded: 3 }))).toMatch(/^Progress\s+\[#{20}\] 100% 3 finished, 2 targeted now$/m);
  });

  it('shows a broken advertisement with the reason, and ends a watch on it with the reason', () => {
    const broken = { ...status({ targeted: 0, succeeded: 1 }), broken: true, brokenReason: 'collection S0100004 was deleted' };
    const view = advertisementStatusView(broken);
    expect(view.split('\n').slice(0, 3)).toEqual(['Advertisement  S0100003', 'Broken         collection S0100004 was deleted', 'Progress       no client targeted now (1 finished before)']);
    expect(advertisementWatchOutcome(broken, 'finished')).toEqual({ done: false, failure: 'advertisement S0100003 is broken: collection S0100004 was deleted' });
  });
});
