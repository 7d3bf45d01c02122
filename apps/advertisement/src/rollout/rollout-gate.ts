import type { RolloutPhaseData, RolloutState } from '@sdp/contracts';

/** One phase's clients by how their run went. */
export interface PhaseCounts {
  targeted: number;
  succeeded: number;
  /** Failed since the last resume. */
  failed: number;
  inProgress: number;
  notReported: number;
}

export interface GateInput {
  phases: readonly RolloutPhaseData[];
  state: RolloutState;
  openPhases: number;
  criterionMetAt: Date | null;
  /** Counts of phases 1..n, in order. */
  counts: readonly PhaseCounts[];
  now: Date;
}

/** What the rollout should do now; `open` still has to pass the readiness gate (content on the clients' DPs). */
export type GateDecision =
  | { kind: 'none' }
  | { kind: 'pause'; phase: number; reason: string }
  | { kind: 'open'; phase: number }
  | { kind: 'criterion-met'; at: Date }
  | { kind: 'criterion-lost' }
  | { kind: 'wait-for-approval'; phase: number }
  | { kind: 'complete' };

/** States in which the gate is watched (and failures can still pause the rollout). */
export const MOVING_STATES: readonly RolloutState[] = ['active', 'waiting-for-approval', 'waiting-for-content'];

/** Whether a phase's success criterion holds: a phase without clients holds it. */
export function criterionHolds(phase: RolloutPhaseData, counts: PhaseCounts): boolean {
  return counts.targeted === 0 || counts.succeeded * 100 >= phase.successPercent * counts.targeted;
}

/** Why the phase's failures pause the rollout, or null: at least one failure, and the count or the share reached. */
export function failureReason(phase: RolloutPhaseData, number: number, counts: PhaseCounts): string | null {
  if (counts.failed === 0) {
    return null;
  }
  const threshold = phase.failureThreshold;
  const share = counts.targeted === 0 ? 100 : (counts.failed * 100) / counts.targeted;
  const crossed = 'count' in threshold ? counts.failed >= threshold.count : counts.failed * 100 >= threshold.percent * counts.targeted;
  if (!crossed) {
    return null;
  }
  const limit = 'count' in threshold ? `${threshold.count} client${threshold.count === 1 ? '' : 's'}` : `${threshold.percent} %`;
  return `phase ${number}: ${counts.failed} of ${counts.targeted} clients failed (${round(share)} %), threshold ${limit}`;
}

/**
 * The gate's decision for a rollout's current counts: a crossed failure threshold in any open
 * phase pauses it; otherwise, while active, the first phase opens, and once the current phase's
 * criterion holds the last phase completes the rollout, an approval gate waits for the
 * administrator and an automatic gate opens the next phase when the criterion has held for its delay.
 */
export function decideGate(input: GateInput): GateDecision {
  const { phases, state, openPhases, counts, now } = input;
  if (!MOVING_STATES.includes(state)) {
    return { kind: 'none' };
  }
  for (let number = 1; number <= openPhases; number += 1) {
    const reason = failureReason(phases[number - 1], number, counts[number - 1]);
    if (reason !== null) {
      return { kind: 'pause', phase: number, reason };
    }
  }
  if (state === 'waiting-for-approval') {
    return { kind: 'none' };
  }
  if (state === 'waiting-for-content' || openPhases === 0) {
    return { kind: 'open', phase: openPhases + 1 };
  }
  const current = phases[openPhases - 1];
  if (!criterionHolds(current, counts[openPhases - 1])) {
    return input.criterionMetAt === null ? { kind: 'none' } : { kind: 'criterion-lost' };
  }
  if (openPhases === phases.length) {
    return { kind: 'complete' };
  }
  if (current.gate.type === 'approval') {
    return { kind: 'wait-for-approval', phase: openPhases + 1 };
  }
  const heldSince = input.criterionMetAt ?? now;
  if (now.getTime() >= heldSince.getTime() + current.gate.delayMinutes * 60_000) {
    return { kind: 'open', phase: openPhases + 1 };
  }
  return input.criterionMetAt === null ? { kind: 'criterion-met', at: now } : { kind: 'none' };
}

/** When the current phase's automatic gate opens the next one, if its criterion keeps holding. */
export function nextPhaseAt(phases: readonly RolloutPhaseData[], openPhases: number, criterionMetAt: Date | null): Date | null {
  const current = phases[openPhases - 1];
  if (criterionMetAt === null || current === undefined || openPhases === phases.length || current.gate.type !== 'automatic') {
    return null;
  }
  return new Date(criterionMetAt.getTime() + current.gate.delayMinutes * 60_000);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
