import type { ProgramOutput } from '@sdp/contracts';
import type { ChainStep } from './chain-plan';
import { isSuccess, RunOutcome } from './rerun';

export interface StepResult {
  outcome: RunOutcome;
  exitCode: number | null;
  detail: string | null;
  /** The status message ID of a failure other than a plain one (10006), e.g. run time exceeded. */
  messageId?: number;
  /** The tails of the program's output, when a program ran. */
  output?: ProgramOutput;
}

export interface ChainResult {
  /** The advertised program's result, or that of the dependency that stopped the chain. */
  result: StepResult;
  stoppedAt: ChainStep | undefined;
}

/** Runs the steps in order; a dependency that does not succeed stops the chain with its result. */
export async function runChain(steps: readonly ChainStep[], execute: (step: ChainStep) => Promise<StepResult>): Promise<ChainResult> {
  let last: StepResult = { outcome: 'FAILED', exitCode: null, detail: 'nothing to run' };
  for (const step of steps) {
    last = await execute(step);
    if (step.role === 'dependency' && !isSuccess(last.outcome)) {
      return { result: last, stoppedAt: step };
    }
  }
  return { result: last, stoppedAt: undefined };
}
