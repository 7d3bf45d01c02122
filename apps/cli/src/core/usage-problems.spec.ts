import { errorLine, EXIT_USAGE, exitCodeOf, UsageError } from './errors';
import { checkUsage, gatherUsageProblems, reportUsageProblem, UsageProblems } from './usage-problems';
import { integer, oneOf } from './values';

describe('usage problems', () => {
  it('throws at once outside a command line run', () => {
    expect(() => reportUsageProblem('--limit must be a whole number')).toThrow(new UsageError('--limit must be a whole number'));
    expect(() => checkUsage()).not.toThrow();
  });

  it('gathers every problem of a run and stops at the next check with all of them, one line each', async () => {
    const problems = new UsageProblems('see sdp x --help');
    problems.add('unknown option --colour');
    let read: unknown[] = [];
    const run = gatherUsageProblems(problems, async () => {
      read = [integer({ limit: 'ten' }, 'limit', 1, 10), oneOf({ mode: 'loud' }, 'mode', ['quiet', 'normal'])];
      checkUsage();
    });
    await expect(run).rejects.toThrow(UsageError);
    expect(read).toEqual([Number.NaN, undefined]);
    const error = problems.error();
    expect(exitCodeOf(error)).toBe(EXIT_USAGE);
    expect(errorLine(error).split('\n')).toEqual([
      'sdp: unknown option --colour',
      'sdp: --limit must be a whole number, not "ten"',
      'sdp: --mode must be one of quiet, normal, not "loud"',
      'sdp: see sdp x --help',
    ]);
  });

  it('adds the usage error that ended the run, once, and keeps a single problem on one line', () => {
    const problems = new UsageProblems('see sdp x --help');
    problems.add('--a is wrong');
    expect(problems.error(new UsageError('--a is wrong')).problems).toEqual(['--a is wrong; see sdp x --help']);
    expect(problems.error(new UsageError('--b is wrong')).problems).toEqual(['--a is wrong', '--b is wrong', 'see sdp x --help']);
    const made = problems.error();
    expect(problems.error(made)).toBe(made);
    expect(new UsageProblems().any).toBe(false);
  });
});
