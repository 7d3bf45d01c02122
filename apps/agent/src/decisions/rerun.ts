import type { PolicyAdvertisement } from '@sdp/contracts';

/** How a finished attempt ended, as kept in the execution history. */
export type RunOutcome = 'SUCCEEDED' | 'REBOOT_PENDING' | 'FAILED' | 'RETRYING';

export function isSuccess(outcome: RunOutcome): boolean {
  return outcome === 'SUCCEEDED' || outcome === 'REBOOT_PENDING';
}

/**
 * Whether a due occurrence runs, given how the advertisement's last attempt (any content
 * version) ended. A RETRYING attempt is unfinished business and always runs again.
 */
export function rerunAllows(rerun: PolicyAdvertisement['rerun'], lastOutcome: RunOutcome | undefined): boolean {
  if (lastOutcome === undefined || lastOutcome === 'RETRYING') {
    return true;
  }
  switch (rerun) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'if-failed':
      return !isSuccess(lastOutcome);
    case 'if-succeeded':
      return isSuccess(lastOutcome);
  }
}
