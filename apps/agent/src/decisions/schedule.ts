import type { MandatoryAssignment } from '@sdp/contracts';
import { addDuration, IsoDuration, parseIsoDuration } from './iso-duration';

/** One moment a mandatory assignment asks for a run; the key names it in the execution history. */
export interface Occurrence {
  key: string;
  dueAt: Date;
}

export interface ScheduleInput {
  mandatory: readonly MandatoryAssignment[];
  availableAt: string;
  /** Part of the ASAP key, so a new content version is a new occurrence (rerun: always runs it). */
  contentVersion: number;
  now: Date;
}

/**
 * The latest occurrence of any assignment whose time has come, or undefined when none has yet.
 * logon and logoff never fire: a service agent has no interactive session to watch.
 */
export function latestDueOccurrence(input: ScheduleInput): Occurrence | undefined {
  let latest: Occurrence | undefined;
  for (const assignment of input.mandatory) {
    const occurrence = dueOccurrenceOf(assignment, input);
    if (occurrence && (!latest || occurrence.dueAt.getTime() > latest.dueAt.getTime())) {
      latest = occurrence;
    }
  }
  return latest;
}

/** Assignments an unattended agent acts on; logon/logoff need a user session. */
export function hasServiceAgentAssignment(mandatory: readonly MandatoryAssignment[]): boolean {
  return mandatory.some((assignment) => assignment.type !== 'logon' && assignment.type !== 'logoff');
}

function dueOccurrenceOf(assignment: MandatoryAssignment, input: ScheduleInput): Occurrence | undefined {
  const now = input.now.getTime();
  switch (assignment.type) {
    case 'asap':
      return { key: `asap@v${input.contentVersion}`, dueAt: new Date(input.availableAt) };
    case 'at': {
      const at = new Date(assignment.at);
      return at.getTime() <= now ? { key: `at@${at.toISOString()}`, dueAt: at } : undefined;
    }
    case 'recurring': {
      const first = new Date(assignment.at);
      if (first.getTime() > now) {
        return undefined;
      }
      const dueAt = lastRecurrenceAtOrBefore(first, parseIsoDuration(assignment.every), input.now);
      return { key: `recurring@${dueAt.toISOString()}`, dueAt };
    }
    case 'logon':
    case 'logoff':
      return undefined;
  }
}

/** The last `first + k·every` not after `now` (k ≥ 0), found by estimate then correction. */
function lastRecurrenceAtOrBefore(first: Date, every: IsoDuration, now: Date): Date {
  const approximateStep = every.months * 30 * 86_400_000 + every.days * 86_400_000 + every.milliseconds;
  let count = Math.max(0, Math.floor((now.getTime() - first.getTime()) / approximateStep) - 1);
  while (count > 0 && addDuration(first, every, count).getTime() > now.getTime()) {
    count -= 1;
  }
  while (addDuration(first, every, count + 1).getTime() <= now.getTime()) {
    count += 1;
  }
  return addDuration(first, every, count);
}
