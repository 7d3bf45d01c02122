import { parseOutcome, ScriptedRun, ScriptedRunner } from './scripted-runner';

const RUN: ScriptedRun = { agentIndex: 7, advertisementId: 'S0100009', packageId: 'S0100001', program: 'Install' };

describe('parseOutcome', () => {
  it('reads succeed, hang and fail:<code>', () => {
    expect(parseOutcome('succeed')).toEqual({ kind: 'succeed' });
    expect(parseOutcome('hang')).toEqual({ kind: 'hang' });
    expect(parseOutcome('fail:3')).toEqual({ kind: 'fail', exitCode: 3 });
    expect(parseOutcome('fail:-1073741819')).toEqual({ kind: 'fail', exitCode: -1073741819 });
  });

  it.each(['fail', 'fail:0', 'fail:x', 'crash', ''])('refuses %p', (text) => {
    expect(() => parseOutcome(text)).toThrow(/is not one of succeed, fail:<non-zero exit code>, hang/);
  });
});

describe('ScriptedRunner', () => {
  it('gives one outcome to every run', () => {
    expect(new ScriptedRunner({ kind: 'fail', exitCode: 3 }).outcomeOf(RUN)).toEqual({ kind: 'fail', exitCode: 3 });
  });

  it('succeeds when no script is given', () => {
    expect(new ScriptedRunner().outcomeOf(RUN)).toEqual({ kind: 'succeed' });
  });

  it('looks the advertisement up first, then <package>:<program>, then otherwise', () => {
    const runner = new ScriptedRunner({
      byAdvertisement: { S0100009: { kind: 'hang' } },
      byProgram: { 'S0100001:Install': { kind: 'fail', exitCode: 5 } },
      otherwise: { kind: 'succeed' },
    });
    expect(runner.outcomeOf(RUN)).toEqual({ kind: 'hang' });
    expect(runner.outcomeOf({ ...RUN, advertisementId: 'S010000A' })).toEqual({ kind: 'fail', exitCode: 5 });
    expect(runner.outcomeOf({ ...RUN, advertisementId: 'S010000A', program: 'Uninstall' })).toEqual({ kind: 'succeed' });
  });

  it('asks a function with the run', () => {
    const runner = new ScriptedRunner((run) => (run.agentIndex % 2 === 0 ? { kind: 'succeed' } : { kind: 'fail', exitCode: run.agentIndex }));
    expect(runner.outcomeOf({ ...RUN, agentIndex: 4 })).toEqual({ kind: 'succeed' });
    expect(runner.outcomeOf(RUN)).toEqual({ kind: 'fail', exitCode: 7 });
  });
});
