import type { MaintenanceWindowData } from '@sdp/contracts';
import type { PolicyAdvertisement } from '@sdp/contracts';
import { availabilityAt } from './availability';
import { ChainStep, longestRunTimeMinutes } from './chain-plan';
import { maintenanceWindowAllows } from './maintenance-window';
import { rerunAllows, RunOutcome } from './rerun';
import { nextUserToRun, runsOncePerUser, userOccurrenceKey, WAITING_FOR_A_USER } from './run-once-per-user';
import { LoggedOnUsers, runWhenAllows } from './run-when';
import { hasServiceAgentAssignment, latestDueOccurrence } from './schedule';

/** What the history says about one advertisement. */
export interface AdvertisementHistory {
  /** How the last attempt under this advertisement ended, any content version. */
  lastOutcome: RunOutcome | undefined;
  /** How this user's last attempt under this advertisement ended (runOncePer: user), any content version. */
  lastOutcomeOfUser(user: string): RunOutcome | undefined;
  isHandled(occurrenceKey: string): boolean;
  /** The last attempt could not start for want of disk space: tried again only after a poll. */
  retryOnNextPoll: boolean;
  /** A failed attempt to be tried again after its back-off (retry exit code, content not downloaded). */
  pendingRetry: { occurrence: string; nextAttemptAt: string } | undefined;
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
  /** For the programs' runWhen and runOncePer: user; only asked of the system when the chain cares. */
  loggedOnUsers: LoggedOnUsers;
}

export const NOT_YET_AVAILABLE = 'not available yet';

export type WaitReason = 'content' | 'slow-network' | 'maintenance-window' | 'run-when' | 'run-once-per-user';

/**
 * `occurrence` of will-not-rerun and run is the history key: for a runOncePer: user program the
 * occurrence of that `user` (see userOccurrenceKey).
 */
export type Decision =
  | { kind: 'ignore'; why: string }
  | { kind: 'expired' }
  | { kind: 'will-not-rerun'; occurrence: string; user?: string }
  | { kind: 'wait'; reason: WaitReason; detail: string; occurrence: string }
  | { kind: 'run'; occurrence: string; user?: string };

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
  const users = input.loggedOnUsers;
  const perUser = !input.requested && runsOncePerUser(advertisement, users);
  const waitsForUser = perUser && users.length === 0;
  let user: string | undefined;
  let key = occurrence;
  if (!input.requested) {
    if (perUser && !waitsForUser) {
      user = nextUserToRun(occurrence, users, history.isHandled);
      if (user === undefined) {
        return { kind: 'ignore', why: `occurrence ${occurrence} already handled for every logged-on user` };
      }
      key = userOccurrenceKey(occurrence, user);
    } else if (!perUser && history.isHandled(occurrence)) {
      return { kind: 'ignore', why: `occurrence ${occurrence} already handled` };
    }
    if (history.retryOnNextPoll && !input.pollCycle) {
      return { kind: 'ignore', why: 'retry waits for the next policy cycle' };
    }
    const retry = history.pendingRetry;
    if (retry !== undefined && retry.occurrence === key && now.getTime() < Date.parse(retry.nextAttemptAt)) {
      return { kind: 'ignore', why: `next attempt at ${retry.nextAttemptAt}` };
    }
    // Per user, the rule asks how that user's last attempt ended; with nobody logged on there is no one to ask yet.
    const lastOutcome = user === undefined ? history.lastOutcome : history.lastOutcomeOfUser(user);
    if (!waitsForUser && !rerunAllows(advertisement.rerun, lastOutcome)) {
      return { kind: 'will-not-rerun', occurrence: key, ...(user === undefined ? {} : { user }) };
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
  if (waitsForUser) {
    return { kind: 'wait', reason: 'run-once-per-user', detail: WAITING_FOR_A_USER, occurrence };
  }
  return user === undefined ? { kind: 'run', occurrence } : { kind: 'run', occurrence: key, user };
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
