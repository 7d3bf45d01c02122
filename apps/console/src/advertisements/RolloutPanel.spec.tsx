/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RolloutPhaseView, RolloutView } from '../api/types';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { controlsFor, RolloutPanel, RolloutSummary, thresholdShare } from './RolloutPanel';

const phase = (overrides: Partial<RolloutPhaseView>): RolloutPhaseView =>
  ({
    phase: 1,
    type: 'percentage',
    percent: 10,
    successPercent: 95,
    failureThreshold: { percent: 5 },
    gate: { type: 'approval' },
    open: true,
    openedAt: '2026-03-02T10:00:00Z',
    targeted: 20,
    succeeded: 10,
    failed: 2,
    inProgress: 5,
    notReported: 3,
    criterionMet: false,
    ...overrides,
  }) as RolloutPhaseView;

const VIEW: RolloutView = {
  advertisementId: 'S0100002',
  state: 'paused',
  openPhases: 1,
  reason: 'phase 1: 2 of 20 clients failed (10 %), threshold 5 %',
  criterionMetAt: null,
  nextPhaseAt: null,
  failuresCountedSince: null,
  phases: [phase({}), phase({ phase: 2, percent: 100, open: false, openedAt: null, targeted: 180, succeeded: 0, failed: 0, failureThreshold: { count: 9 } })],
};

describe('rollout view', () => {
  it('draws each phase’s succeeded and failed shares with the criterion and the threshold marked', () => {
    const { container } = render(<RolloutSummary view={VIEW} canControl={false} onControl={() => undefined} busy={false} />);
    const [first, second] = screen.getAllByRole('progressbar');
    expect(first.getAttribute('aria-label')).toBe('phase 1: 10 of 20 succeeded, 2 failed');
    expect((first.querySelector('.phase-bar-succeeded') as HTMLElement).style.width).toBe('50%');
    expect((first.querySelector('.phase-bar-failed') as HTMLElement).style.width).toBe('10%');
    expect((first.querySelector('.phase-bar-criterion') as HTMLElement).style.left).toBe('95%');
    expect((first.querySelector('.phase-bar-threshold') as HTMLElement).style.left).toBe('5%');
    expect((second.querySelector('.phase-bar-threshold') as HTMLElement).style.left).toBe('5%');
    expect(screen.getByRole('status').textContent).toBe('Paused: phase 1: 2 of 20 clients failed (10 %), threshold 5 %');
    expect(container.textContent).toContain('next phase on approval');
    expect(container.textContent).toContain('pauses at 9 failed');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers the controls that fit the state to those who may write', () => {
    const onControl = jest.fn();
    render(<RolloutSummary view={VIEW} canControl onControl={onControl} busy={false} />);
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Resume', 'Cancel']);
    fireEvent.click(screen.getByText('Resume'));
    expect(onControl).toHaveBeenCalledWith('resume');
    expect(controlsFor('waiting-for-approval')).toEqual(['approve', 'pause', 'cancel']);
    expect(controlsFor('completed')).toEqual([]);
  });

  it('places a count threshold by the phase’s size', () => {
    expect(thresholdShare(phase({ failureThreshold: { count: 3 }, targeted: 60 }))).toBe(5);
    expect(thresholdShare(phase({ failureThreshold: { count: 3 }, targeted: 0 }))).toBe(0);
  });
});

describe('rollout panel', () => {
  it('shows nothing for an advertisement created without phases', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 404, body: { statusCode: 404, code: 'ROLLOUT_NOT_FOUND', message: 'advertisement S0100002 was created without phases' } }));
    const { container } = renderWithSession(<RolloutPanel advertisementId="S0100002" />, fetcher);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(container.textContent).toBe('');
  });

  it('loads the rollout and posts a control, then shows the answer', async () => {
    let state: RolloutView['state'] = 'paused';
    const { fetcher, requests } = fakeFetch((request) => {
      if (request.method === 'POST') state = 'active';
      return { status: 200, body: { ...VIEW, state, reason: state === 'paused' ? VIEW.reason : null } };
    });
    renderWithSession(<RolloutPanel advertisementId="S0100002" />, fetcher, 'operator');
    fireEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    await screen.findByRole('button', { name: 'Pause' });
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /services/advertisement/api/v1/advertisements/S0100002/rollout',
      'POST /services/advertisement/api/v1/advertisements/S0100002/rollout/resume',
      'GET /services/advertisement/api/v1/advertisements/S0100002/rollout',
    ]);
  });

  it('offers no control to a viewer', async () => {
    const { fetcher } = fakeFetch(() => ({ status: 200, body: VIEW }));
    renderWithSession(<RolloutPanel advertisementId="S0100002" />, fetcher, 'viewer');
    await screen.findByRole('status');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
