import type { RolloutPhaseData } from '@sdp/contracts';
import { decideGate, failureReason, GateInput, nextPhaseAt, PhaseCounts } from './rollout-gate';

const now = new Date('2026-06-01T12:00:00Z');
const automatic = (delayMinutes: number) => ({ type: 'automatic' as const, delayMinutes });

function phase(percent: number, rules: Partial<RolloutPhaseData> = {}): RolloutPhaseData {
  return { type: 'percentage', percent, successPercent: 95, failureThreshold: { percent: 5 }, gate: automatic(0), ...rules } as RolloutPhaseData;
}

function counts(targeted: number, succeeded = 0, failed = 0): PhaseCounts {
  return { targeted, succeeded, failed, inProgress: 0, notReported: targeted - succeeded - failed };
}

function input(overrides: Partial<GateInput>): GateInput {
  return {
    phases: [phase(10), phase(50), phase(100)],
    state: 'active',
    openPhases: 1,
    criterionMetAt: null,
    counts: [counts(10), counts(40), counts(50)],
    now,
    ...overrides,
  };
}

describe('decideGate', () => {
  it('opens the first phase of a new rollout', () => {
    expect(decideGate(input({ openPhases: 0 }))).toEqual({ kind: 'open', phase: 1 });
  });

  it('waits while the current phase has not met its criterion', () => {
    expect(decideGate(input({ counts: [counts(20, 18), counts(40), counts(50)] }))).toEqual({ kind: 'none' });
  });

  it('opens the next phase at once when the criterion holds and the automatic gate has no delay', () => {
    expect(decideGate(input({ counts: [counts(20, 19), counts(40), counts(50)] }))).toEqual({ kind: 'open', phase: 2 });
  });

  it('with a delay, first notes when the criterion started to hold, then opens once it held that long', () => {
    const phases = [phase(10, { gate: automatic(60) }), phase(100)];
    const held = [counts(10, 10), counts(90)];
    expect(decideGate(input({ phases, counts: held }))).toEqual({ kind: 'criterion-met', at: now });
    const since = new Date(now.getTime() - 59 * 60_000);
    expect(decideGate(input({ phases, counts: held, criterionMetAt: since }))).toEqual({ kind: 'none' });
    expect(decideGate(input({ phases, counts: held, criterionMetAt: new Date(now.getTime() - 60 * 60_000) }))).toEqual({ kind: 'open', phase: 2 });
    expect(nextPhaseAt(phases, 1, since)).toEqual(new Date(since.getTime() + 60 * 60_000));
  });

  it('forgets when the criterion held once it no longer does', () => {
    expect(decideGate(input({ criterionMetAt: new Date(now.getTime() - 1000), counts: [counts(20, 10), counts(40), counts(50)] }))).toEqual({ kind: 'criterion-lost' });
  });

  it('waits for approval when the gate wants it, naming the phase that would open', () => {
    const phases = [phase(10, { gate: { type: 'approval' } }), phase(100)];
    expect(decideGate(input({ phases, counts: [counts(10, 10), counts(90)] }))).toEqual({ kind: 'wait-for-approval', phase: 2 });
    expect(decideGate(input({ phases, state: 'waiting-for-approval', counts: [counts(10, 10), counts(90)] }))).toEqual({ kind: 'none' });
  });

  it('completes when the last phase meets its criterion', () => {
    expect(decideGate(input({ openPhases: 3, counts: [counts(10, 10), counts(40, 40), counts(50, 48)] }))).toEqual({ kind: 'complete' });
  });

  it('counts a phase without clients as succeeded', () => {
    expect(decideGate(input({ counts: [counts(0), counts(40), counts(50)] }))).toEqual({ kind: 'open', phase: 2 });
  });

  it('pauses when a failure share is reached, in any open phase, with the reason', () => {
    expect(decideGate(input({ openPhases: 2, counts: [counts(10, 10), counts(40, 10, 2), counts(50)] }))).toEqual({
      kind: 'pause',
      phase: 2,
      reason: 'phase 2: 2 of 40 clients failed (5 %), threshold 5 %',
    });
    expect(decideGate(input({ openPhases: 2, counts: [counts(10, 10), counts(40, 10, 1), counts(50)] })).kind).not.toBe('pause');
    expect(decideGate(input({ openPhases: 2, counts: [counts(100, 90, 5), counts(40, 10), counts(50)] }))).toMatchObject({ kind: 'pause', phase: 1 });
  });

  it('pauses on an absolute count of failures', () => {
    const phases = [phase(50, { failureThreshold: { count: 3 } }), phase(100)];
    expect(decideGate(input({ phases, counts: [counts(1000, 10, 2), counts(1000)] })).kind).toBe('none');
    expect(decideGate(input({ phases, counts: [counts(1000, 10, 3), counts(1000)] }))).toEqual({
      kind: 'pause',
      phase: 1,
      reason: 'phase 1: 3 of 1000 clients failed (0.3 %), threshold 3 clients',
    });
  });

  it('pauses while waiting for approval or content too, but not a phase that is not open', () => {
    const failing = [counts(10, 5, 5), counts(40), counts(50)];
    expect(decideGate(input({ state: 'waiting-for-approval', counts: failing })).kind).toBe('pause');
    expect(decideGate(input({ state: 'waiting-for-content', counts: failing })).kind).toBe('pause');
    expect(decideGate(input({ openPhases: 1, counts: [counts(10, 10), counts(40, 0, 40), counts(50)] }))).toEqual({ kind: 'open', phase: 2 });
  });

  it('a 0 % threshold pauses on the first failure, never without one', () => {
    const phases = [phase(50, { failureThreshold: { percent: 0 } }), phase(100)];
    expect(decideGate(input({ phases, counts: [counts(10, 1), counts(10)] })).kind).toBe('none');
    expect(failureReason(phases[0], 1, counts(10, 1, 1))).toMatch(/1 of 10 clients failed/);
  });

  it('leaves paused, completed and cancelled rollouts alone', () => {
    for (const state of ['paused', 'completed', 'cancelled'] as const) {
      expect(decideGate(input({ state, counts: [counts(10, 0, 10), counts(40), counts(50)] }))).toEqual({ kind: 'none' });
    }
  });

  it('retries opening while waiting for content', () => {
    expect(decideGate(input({ state: 'waiting-for-content', openPhases: 1, counts: [counts(10, 10), counts(40), counts(50)] }))).toEqual({ kind: 'open', phase: 2 });
  });
});
