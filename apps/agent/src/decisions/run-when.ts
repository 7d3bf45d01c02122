import { ChainStep, stepLabel } from './chain-plan';

/** The users logged on to the computer, or 'unknown' when the system could not say. */
export type LoggedOnUsers = readonly string[] | 'unknown';

export type RunWhenCheck = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether every program of the chain may start with these users logged on: `user-logged-on`
 * needs at least one, `no-user` none, `any` does not care. Unknown users count as `any`. A
 * requested run (`sdp-agent run`) was asked for by a user at the computer: a user is logged on.
 */
export function runWhenAllows(steps: readonly ChainStep[], loggedOnUsers: LoggedOnUsers, requested: boolean): RunWhenCheck {
  if (loggedOnUsers === 'unknown' && !requested) {
    return { allowed: true };
  }
  const userLoggedOn = requested || loggedOnUsers.length > 0;
  for (const step of steps) {
    const runWhen = step.program.runWhen;
    if (runWhen === 'user-logged-on' && !userLoggedOn) {
      return { allowed: false, reason: `waiting for a user to log on (runWhen: user-logged-on${ofDependency(step)})` };
    }
    if (runWhen === 'no-user' && userLoggedOn) {
      return { allowed: false, reason: `waiting until no user is logged on (runWhen: no-user${ofDependency(step)})` };
    }
  }
  return { allowed: true };
}

/**
 * Whether the chain's decision depends on who is logged on at all (a runWhen other than any, or
 * an advertised program that runs once per user), so the system is asked only then.
 */
export function dependsOnLoggedOnUsers(steps: readonly ChainStep[]): boolean {
  return steps.some((step) => step.program.runWhen !== 'any' || (step.role === 'advertised' && step.program.runOncePer === 'user'));
}

function ofDependency(step: ChainStep): string {
  return step.role === 'dependency' ? ` of dependency ${stepLabel(step)}` : '';
}
