import { AsyncLocalStorage } from 'node:async_hooks';
import { UsageError } from './errors';

/**
 * Every bad option of one command line, so a run names them all instead of the first: while
 * `sdp` runs a command line (runCli), option checks add their problem here and go on; the run
 * stops with all of them before it sends a request, prints or writes anything (checkUsage).
 * Outside such a run (a unit test calling an option parser) a problem is thrown at once.
 */
export class UsageProblems {
  private readonly problems: string[] = [];

  /** @param hint the last line after the problems, e.g. where the command's help is. */
  constructor(private readonly hint?: string) {}

  add(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  get any(): boolean {
    return this.problems.length > 0;
  }

  /** The problems gathered so far as one usage error (one line each), with the error that ended the run when it is one more. */
  error(ending?: unknown): UsageError {
    if (ending instanceof UsageError && this.made.has(ending)) return ending;
    if (ending instanceof UsageError) ending.problems.forEach((problem) => this.add(problem));
    const hint = this.hint;
    const error =
      hint === undefined ? new UsageError(this.problems) : new UsageError(this.problems.length === 1 ? `${this.problems[0]}; ${hint}` : [...this.problems, hint]);
    this.made.add(error);
    return error;
  }

  /** The errors error() made, so the one a check threw is not taken for one more problem. */
  private readonly made = new WeakSet<UsageError>();
}

const current = new AsyncLocalStorage<UsageProblems>();

/** Runs one command line with its problems gathered in `problems`. */
export function gatherUsageProblems<T>(problems: UsageProblems, run: () => Promise<T>): Promise<T> {
  return current.run(problems, run);
}

/** A bad option or argument: gathered during a command line, thrown elsewhere. */
export function reportUsageProblem(problem: string): void {
  const problems = current.getStore();
  if (problems === undefined) throw new UsageError(problem);
  problems.add(problem);
}

/** Stops the run with every problem gathered so far; nothing happens when there is none. */
export function checkUsage(): void {
  const problems = current.getStore();
  if (problems?.any) throw problems.error();
}
