import type { MaintenanceWindowData } from '@sdp/contracts';
import type { PolicyAdvertisement } from '@sdp/contracts';
import { availabilityAt } from './availability';
import { ChainStep, longestRunTimeMinutes } from './chain-plan';
import { maintenanceWindowAllows } from './maintenance-window';
import { rerunAllows, RunOutcome } from './rerun';
import { LoggedOnUsers, runWhenAllows } from './run-when';
import { hasServiceAgentAssignment, latestDueOccurrence } from './schedule';

/** What the history says about one advertisement. */
export interface AdvertisementHistory {
  /** How the last attempt under this advertisement ended, any content version. */
  lastOutcome: RunOutcome | undefined;
  isHandled(occurrenceKey: string): boolean;
  /** The last attempt asked to be retried (retry exit code, no DP could deliver): only after a poll. */
  retryOnNextPoll: boolean;
}

export interface EvaluationInput {
  advertisement: PolicyAdvertisement;
  steps: readonly ChainStep[];
  history: AdvertisementHistory;
  windows: readonly MaintenanceWindowData[];
  now: Date;
  /** A cycle that just polled the policy; quick schedule re-checks do not retry RETRYING runs. */
  pollCycle: boolean;
  /** The user asked for it (`sdp-agent run`): no schedule, rerun rule or window applies. */
  requested: boolean;
  /** For the programs' runWhen; only asked of the system when a program of the chain cares. */
  loggedOnUsers: LoggedOnUsers;
}

export const NOT_YET_AVAILABLE = 'not available yet';

export type WaitReason = 'content' | 'slow-network' | 'maintenance-window' | 'run-when';

export type Decision =
  | { kind: 'ignore'; why: string }
  | { kind: 'expired' }
  | { kind: 'will-not-rerun'; occurrence: string }
  | { kind: 'wait'; reason: WaitReason; detail: string; occurrence: string }
  | { kind: 'run'; occurrence: string };

/** The one decision about an advertisement at `now`: pure, so every rule is testable alone. */
export function evaluateAdvertisement(input: EvaluationInput): Decision {
  const { advertisement, history, now } = input;
  const availability = availabilityAt(advertisement, now);
  if (availability === 'expired') {
    return { kind: 'expired' };
  }
  if (availability === 'not-yet-available') {
    return { kind: 'ignore', why: NOT_YET_AVAILABLE };
  }
  const occurrence = input.requested ? `requested@${now.toISOString()}` : dueOccurrence(input);
  if (occurrence === undefined) {
    return { kind: 'ignore', why: hasServiceAgentAssignment(advertisement.mandatory) ? 'no occurrence due' : 'optional or logon/logoff only' };
  }
  if (!input.requested) {
    if (history.isHandled(occurrence)) {
      return { kind: 'ignore', why: `occurrence ${occurrence} already handled` };
    }
    if (history.retryOnNextPoll && !input.pollCycle) {
      return { kind: 'ignore', why: 'retry waits for the next policy cycle' };
    }
    if (!rerunAllows(advertisement.rerun, history.lastOutcome)) {
      return { kind: 'will-not-rerun', occurrence };
    }
  }
  if (!advertisement.contentReady) {
    return { kind: 'wait', reason: 'content', detail: 'content is not yet on a distribution point this client may use', occurrence };
  }
  if (advertisement.network === 'slow' && advertisement.slowNetwork === 'do-not-run' && needsContent(input.steps)) {
    return { kind: 'wait', reason: 'slow-network', detail: 'on a slow network and the advertisement says do not run', occurrence };
  }
  if (!input.requested && !advertisement.ignoreMaintenanceWindows) {
    const window = maintenanceWindowAllows(input.windows, now, longestRunTimeMinutes(input.steps));
    if (!window.allowed) {
      return { kind: 'wait', reason: 'maintenance-window', detail: window.reason, occurrence };
    }
  }
  const runWhen = runWhenAllows(input.steps, input.loggedOnUsers, input.requested);
  if (!runWhen.allowed) {
    return { kind: 'wait', reason: 'run-when', detail: runWhen.reason, occurrence };
  }
  return { kind: 'run', occurrence };
}

function dueOccurrence(input: EvaluationInput): string | undefined {
  return latestDueOccurrence({
    mandatory: input.advertisement.mandatory,
    availableAt: input.advertisement.availableAt,
    contentVersion: input.advertisement.contentVersion,
    now: input.now,
  })?.key;
}

function needsContent(steps: readonly ChainStep[]): boolean {
  return steps.some((step) => step.package.hasSource);
}

/**
 * Optional programs the user may start (`sdp-agent available`). A user asking is a user logged
 * on, so a program that runs only with no user logged on (itself or a dependency) is not offered.
 */
export function isOfferedToUser(advertisement: PolicyAdvertisement, now: Date): boolean {
  const programs = [advertisement.program, ...advertisement.dependencies.map((dependency) => dependency.program)];
  return (
    advertisement.allowUserToRunIndependently &&
    availabilityAt(advertisement, now) === 'available' &&
    programs.every((program) => program.runWhen !== 'no-user')
  );
}
