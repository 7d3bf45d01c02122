import type { PolicyAdvertisement } from '@sdp/contracts';
import type { LoggedOnUsers } from './run-when';

export const WAITING_FOR_A_USER = 'waiting for a user to log on (runOncePer: user)';

/**
 * Whether the advertised program runs once for every user rather than once for the computer.
 * Unknown logged-on users make it a computer-wide program (the system cannot say who is there).
 */
export function runsOncePerUser(advertisement: PolicyAdvertisement, loggedOnUsers: LoggedOnUsers): loggedOnUsers is readonly string[] {
  return advertisement.program.runOncePer === 'user' && loggedOnUsers !== 'unknown';
}

/**
 * The history key of one user's run of an occurrence. Computer-wide keys stay as they are, so a
 * history written before runOncePer: user existed is read the same.
 */
export function userOccurrenceKey(occurrence: string, user: string): string {
  return `${occurrence}/user:${user}`;
}

/** The first logged-on user (sorted) who has not had this occurrence yet, or undefined. */
export function nextUserToRun(occurrence: string, loggedOnUsers: readonly string[], isHandled: (key: string) => boolean): string | undefined {
  return [...loggedOnUsers].sort().find((user) => !isHandled(userOccurrenceKey(occurrence, user)));
}
