/** What a simulated program does: exit 0, exit with a code, or never end (no final state is reported). */
export type ProgramOutcome = { kind: 'succeed' } | { kind: 'fail'; exitCode: number } | { kind: 'hang' };

/** The run a simulated agent asks the script about. */
export interface ScriptedRun {
  /** The simulated agent's number in its fleet (0, 1, ...). */
  agentIndex: number;
  advertisementId: string;
  packageId: string;
  program: string;
}

/**
 * How runs end: one outcome for every run, one per advertisement or per `<packageId>:<program>`
 * (advertisement first, then program, then `otherwise`), or a function of the run.
 */
export type OutcomeScript =
  | ProgramOutcome
  | { byAdvertisement?: Record<string, ProgramOutcome>; byProgram?: Record<string, ProgramOutcome>; otherwise: ProgramOutcome }
  | ((run: ScriptedRun) => ProgramOutcome);

export const SUCCEED: ProgramOutcome = { kind: 'succeed' };

/** `succeed`, `fail:<exit code>` or `hang`, as the CLI's --outcome takes it. */
export function parseOutcome(text: string): ProgramOutcome {
  if (text === 'succeed' || text === 'hang') {
    return { kind: text };
  }
  const failure = /^fail:(-?\d{1,10})$/.exec(text);
  if (failure) {
    const exitCode = Number(failure[1]);
    if (exitCode !== 0 && Number.isSafeInteger(exitCode)) {
      return { kind: 'fail', exitCode };
    }
  }
  throw new Error(`outcome "${text}" is not one of succeed, fail:<non-zero exit code>, hang`);
}

/** The fake program runner: answers, for each run, how the script says it ends. */
export class ScriptedRunner {
  constructor(private readonly script: OutcomeScript = SUCCEED) {}

  outcomeOf(run: ScriptedRun): ProgramOutcome {
    const script = this.script;
    if (typeof script === 'function') {
      return script(run);
    }
    if ('kind' in script) {
      return script;
    }
    return script.byAdvertisement?.[run.advertisementId] ?? script.byProgram?.[`${run.packageId}:${run.program}`] ?? script.otherwise;
  }
}
