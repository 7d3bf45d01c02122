import { RolloutTransitionData } from './rollout.schema';

const base: RolloutTransitionData = {
  advertisementId: 'S0100002',
  state: 'active',
  phase: 1,
  openPhases: 1,
  phases: 4,
  reason: null,
  at: '2026-03-02T10:00:00Z',
};

export const rolloutPhaseOpenedExample: RolloutTransitionData = { ...base, phase: 2, openPhases: 2 };
export const rolloutPausedExample: RolloutTransitionData = {
  ...base,
  state: 'paused',
  phase: 2,
  openPhases: 2,
  reason: 'phase 2: 3 of 40 clients failed (7.5 %), threshold 5 %',
};
export const rolloutResumedExample: RolloutTransitionData = { ...base, phase: 2, openPhases: 2 };
export const rolloutWaitingForApprovalExample: RolloutTransitionData = { ...base, state: 'waiting-for-approval', phase: 3, openPhases: 2 };
export const rolloutWaitingForContentExample: RolloutTransitionData = {
  ...base,
  state: 'waiting-for-content',
  phase: 3,
  openPhases: 2,
  reason: 'version 2 of package S0100001 is on no distribution point 12 of 400 clients of phase 3 may use',
};
export const rolloutCompletedExample: RolloutTransitionData = { ...base, state: 'completed', phase: 4, openPhases: 4 };
export const rolloutCancelledExample: RolloutTransitionData = { ...base, state: 'cancelled', phase: 2, openPhases: 2 };
