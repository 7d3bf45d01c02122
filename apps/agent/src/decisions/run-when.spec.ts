import type { PolicyProgram } from '@sdp/contracts';
import { aDependency, anAdvertisement, aProgram } from '../test-support/policy-fixtures';
import { planChain } from './chain-plan';
import { dependsOnLoggedOnUsers, LoggedOnUsers, runWhenAllows } from './run-when';

type RunWhen = PolicyProgram['runWhen'];

function stepsOf(runWhen: RunWhen) {
  return planChain(anAdvertisement({ program: aProgram({ runWhen }) }), () => false);
}

const WAITING_FOR_USER = { allowed: false, reason: 'waiting for a user to log on (runWhen: user-logged-on)' };
const WAITING_FOR_NO_USER = { allowed: false, reason: 'waiting until no user is logged on (runWhen: no-user)' };
const ALLOWED = { allowed: true };

describe('runWhen', () => {
  it.each<[RunWhen, LoggedOnUsers, object]>([
    ['user-logged-on', ['alice'], ALLOWED],
    ['user-logged-on', [], WAITING_FOR_USER],
    ['user-logged-on', 'unknown', ALLOWED],
    ['no-user', ['alice'], WAITING_FOR_NO_USER],
    ['no-user', [], ALLOWED],
    ['no-user', 'unknown', ALLOWED],
    ['any', ['alice'], ALLOWED],
    ['any', [], ALLOWED],
    ['any', 'unknown', ALLOWED],
  ])('%s with users %j: %j', (runWhen, users, expected) => {
    expect(runWhenAllows(stepsOf(runWhen), users, false)).toEqual(expected);
  });

  it('counts the user who requested a run as logged on', () => {
    expect(runWhenAllows(stepsOf('user-logged-on'), [], true)).toEqual(ALLOWED);
    expect(runWhenAllows(stepsOf('user-logged-on'), 'unknown', true)).toEqual(ALLOWED);
    expect(runWhenAllows(stepsOf('no-user'), [], true)).toEqual(WAITING_FOR_NO_USER);
    expect(runWhenAllows(stepsOf('no-user'), 'unknown', true)).toEqual(WAITING_FOR_NO_USER);
  });

  describe('in a dependency chain', () => {
    const prepareWhileNobody = { ...aDependency('S0100002', 'Prepare', true), program: aProgram({ packageId: 'S0100002', name: 'Prepare', runWhen: 'no-user' }) };
    const advertisement = anAdvertisement({ dependencies: [prepareWhileNobody], program: aProgram({ runWhen: 'any' }) });

    it('needs the condition of every program in the chain, naming the dependency that waits', () => {
      const steps = planChain(advertisement, () => false);
      expect(runWhenAllows(steps, [], false)).toEqual(ALLOWED);
      expect(runWhenAllows(steps, ['alice'], false)).toEqual({
        allowed: false,
        reason: 'waiting until no user is logged on (runWhen: no-user of dependency S0100002:Prepare)',
      });
      const contradicting = planChain({ ...advertisement, program: aProgram({ runWhen: 'user-logged-on' }) }, () => false);
      expect(runWhenAllows(contradicting, [], false)).toEqual(WAITING_FOR_USER);
      expect(runWhenAllows(contradicting, ['alice'], false).allowed).toBe(false);
    });

    it('ignores a dependency that will not run (it succeeded and need not run first)', () => {
      const once = { ...prepareWhileNobody, alwaysRunFirst: false };
      const steps = planChain({ ...advertisement, dependencies: [once] }, () => true);
      expect(runWhenAllows(steps, ['alice'], false)).toEqual(ALLOWED);
    });

    it('asks the system only when some program of the chain is not any', () => {
      expect(dependsOnLoggedOnUsers(stepsOf('any'))).toBe(false);
      expect(dependsOnLoggedOnUsers(planChain(advertisement, () => false))).toBe(true);
    });

    it('asks the system also for an advertised program that runs once per user', () => {
      expect(dependsOnLoggedOnUsers(planChain(anAdvertisement({ program: aProgram({ runOncePer: 'user' }) }), () => false))).toBe(true);
    });
  });
});
