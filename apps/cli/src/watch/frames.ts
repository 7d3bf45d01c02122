/** Clears the screen and moves the cursor home, like watch(1). */
export const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/**
 * What a watch writes for a new snapshot: on a terminal it redraws everything; into a pipe or
 * file it appends a block only when the view changed, so a log holds each change once.
 */
export function frameFor(view: string, previous: string | undefined, tty: boolean, heading: string): string | undefined {
  if (tty) return `${CLEAR_SCREEN}${heading}\n\n${view}\n`;
  if (view === previous) return undefined;
  return previous === undefined ? `${view}\n` : `\n${view}\n`;
}

export interface WatchDecision {
  stop: boolean;
  /** Set when the watch ends without reaching its goal. */
  failure?: string;
  timedOut?: boolean;
}

/** After each snapshot: stop when the goal is reached or failed, or when the time is up. */
export function decide(outcome: { done: boolean; failure?: string } | undefined, elapsedMs: number, timeoutMs: number | undefined): WatchDecision {
  if (outcome?.failure) return { stop: true, failure: outcome.failure };
  if (outcome?.done) return { stop: true };
  if (timeoutMs !== undefined && elapsedMs >= timeoutMs) return { stop: true, timedOut: outcome !== undefined };
  return { stop: false };
}
