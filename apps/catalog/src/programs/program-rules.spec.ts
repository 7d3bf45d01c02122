import { compareDottedVersions, PROGRAM_DEFAULTS, ProgramFields } from '@sdp/contracts';
import { findDependencyLoop, findRuleProblem, ProgramKey } from './program-rules';

const valid: ProgramFields = { ...PROGRAM_DEFAULTS, commandLine: 'setup.exe /s' };

describe('findRuleProblem', () => {
  it('accepts the defaults of domain.md', () => {
    expect(findRuleProblem(valid)).toBeUndefined();
  });

  it.each([0, 721, -5])('rejects maxRunTimeMinutes %i', (minutes) => {
    expect(findRuleProblem({ ...valid, maxRunTimeMinutes: minutes })?.field).toBe('maxRunTimeMinutes');
  });

  it('accepts the bounds 1 and 720', () => {
    expect(findRuleProblem({ ...valid, maxRunTimeMinutes: 1 })).toBeUndefined();
    expect(findRuleProblem({ ...valid, maxRunTimeMinutes: 720 })).toBeUndefined();
  });

  it('rejects a negative disk space', () => {
    expect(findRuleProblem({ ...valid, estimatedDiskSpaceMb: -1 })?.field).toBe('estimatedDiskSpaceMb');
  });

  it.each(['../x', '/abs', 'C:\\x', 'a/../../b', 'a\u0001b'])('rejects working directory %j', (directory) => {
    expect(findRuleProblem({ ...valid, workingDirectory: directory })?.field).toBe('workingDirectory');
  });

  it('accepts a relative working directory', () => {
    expect(findRuleProblem({ ...valid, workingDirectory: 'bin/x64' })).toBeUndefined();
  });

  it('rejects an exit code outside 32 bits, twice in a list, or in two lists', () => {
    expect(findRuleProblem({ ...valid, successExitCodes: [0, 4294967296] })).toEqual({ field: 'successExitCodes', why: '4294967296 is not a 32-bit exit code' });
    expect(findRuleProblem({ ...valid, retryExitCodes: [5, 5] })?.why).toBe('5 is listed twice');
    expect(findRuleProblem({ ...valid, retryExitCodes: [3010] })).toEqual({
      field: 'retryExitCodes',
      why: '3010 is already in rebootExitCodes; an exit code has one meaning',
    });
  });

  it('accepts signed and unsigned exit codes', () => {
    expect(findRuleProblem({ ...valid, retryExitCodes: [-2147483648, 4294967295] })).toBeUndefined();
  });

  it('rejects a platform listed twice or with min above max', () => {
    expect(
      findRuleProblem({ ...valid, platforms: [{ os: 'windows', arch: 'x64' }, { os: 'windows', arch: 'x64', minVersion: '10' }] })?.field,
    ).toBe('platforms[1]');
    expect(findRuleProblem({ ...valid, platforms: [{ os: 'linux', arch: 'arm64', minVersion: '6.10', maxVersion: '6.9' }] })?.why).toBe(
      'minVersion 6.10 is above maxVersion 6.9',
    );
  });
});

describe('compareDottedVersions (as program platform bounds use it)', () => {
  it('compares numerically part by part', () => {
    expect(compareDottedVersions('10.0.19041', '10.0.9')).toBe(1);
    expect(compareDottedVersions('6.1', '6.1.0')).toBe(0);
    expect(compareDottedVersions('5', '6')).toBe(-1);
  });
});

describe('findDependencyLoop', () => {
  const key = (name: string): ProgramKey => ({ packageId: 'S0100001', name });
  const lookup = (edges: Record<string, string>) => async (program: ProgramKey) => (edges[program.name] ? key(edges[program.name]) : null);

  it('finds the loop a new dependency would close, naming every step', async () => {
    const loop = await findDependencyLoop(key('A'), key('B'), lookup({ B: 'C', C: 'A' }));
    expect(loop?.map((program) => program.name)).toEqual(['A', 'B', 'C', 'A']);
  });

  it('finds a program depending on itself', async () => {
    expect((await findDependencyLoop(key('A'), key('A'), lookup({})))?.length).toBe(2);
  });

  it('accepts a chain that ends', async () => {
    expect(await findDependencyLoop(key('A'), key('B'), lookup({ B: 'C' }))).toBeUndefined();
  });

  it('stops on a loop that does not involve the program', async () => {
    expect(await findDependencyLoop(key('A'), key('B'), lookup({ B: 'C', C: 'B' }))).toBeUndefined();
  });
});
