import type { RolloutPhaseData, RolloutState } from '../advertisement-rollouts';

/** One phase of GET /advertisements/:id/rollout: its rules, whether it is open, and its clients' counts. */
export type RolloutPhaseView = RolloutPhaseData & {
  /** 1-based, in rollout order. */
  phase: number;
  open: boolean;
  openedAt: string | null;
  /** Clients of the target collection placed in this phase (each client in exactly one phase). */
  targeted: number;
  succeeded: number;
  /** Failed since the last resume: what the failure threshold is compared with. */
  failed: number;
  /** Accepted, downloading, waiting or running. */
  inProgress: number;
  notReported: number;
  /** Whether the success criterion holds (a phase without clients holds it). */
  criterionMet: boolean;
};

/** The advertisement service's answer for one phased deployment (GET and the control POSTs). */
export interface RolloutView {
  advertisementId: string;
  state: RolloutState;
  openPhases: number;
  /** Why it paused or waits; null otherwise. */
  reason: string | null;
  /** Since when the current phase's criterion has held (automatic gates count their delay from here); null when it does not. */
  criterionMetAt: string | null;
  /** When the automatic gate of the current phase opens the next one, if the criterion keeps holding; null otherwise. */
  nextPhaseAt: string | null;
  /** Failures reported before this moment (the last resume) do not count against the thresholds. */
  failuresCountedSince: string | null;
  phases: RolloutPhaseView[];
}

/** Where an advertisement's phased deployment stands, in every answer about the advertisement (lists show it at a glance). */
export interface AdvertisementRolloutGlance {
  /** Null when it was created without phases. */
  rollout: { state: RolloutState; openPhases: number; phases: number } | null;
}
