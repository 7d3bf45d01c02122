import type { MaintenanceWindowData } from '@sdp/contracts';
import { aDependency, anAdvertisement, aProgram } from '../test-support/policy-fixtures';
import { planChain } from './chain-plan';
import { AdvertisementHistory, Decision, evaluateAdvertisement, EvaluationInput, isOfferedToUser } from './evaluate-advertisement';
import type { RunOutcome } from './rerun';

const now = new Date('2026-03-10T12:00:00Z');
const fresh: AdvertisementHistory = { lastOutcome: undefined, lastOutcomeOfUser: () => undefined, isHandled: () => false, retryOnNextPoll: false, pendingRetry: undefined };

function input(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  const advertisement = overrides.advertisement ?? anAdvertisement();
  return { advertisement, steps: planChain(advertisement, () => false), history: fresh, windows: [], now, pollCycle: true, requested: false, loggedOnUsers: [], ...overrides };
}

describe('deciding about one advertisement', () => {
  it('runs a due ASAP advertisement', () => {
    expect(evaluateAdvertisement(input())).toEqual({ kind: 'run', occurrence: 'asap@v1' });
  });

  it('does not run an occurrence already handled', () => {
    const decision = evaluateAdvertisement(input({ history: { ...fresh, lastOutcome: 'SUCCEEDED', isHandled: (key) => key === 'asap@v1' } }));
    expect(decision.kind).toBe('ignore');
  });

  it('rerun: always runs again for a new content version; if-failed does not after a success', () => {
    const history: AdvertisementHistory = { ...fresh, lastOutcome: 'SUCCEEDED', isHandled: (key) => key === 'asap@v1' };
    const always = anAdvertisement({ contentVersion: 2, rerun: 'always' });
    expect(evaluateAdvertisement(input({ advertisement: always, history }))).toEqual({ kind: 'run', occurrence: 'asap@v2' });
    const ifFailed = anAdvertisement({ contentVersion: 2, rerun: 'if-failed' });
    expect(evaluateAdvertisement(input({ advertisement: ifFailed, history }))).toEqual({ kind: 'will-not-rerun', occurrence: 'asap@v2' });
  });

  it('reports expiry and ignores what is not available yet', () => {
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ expiresAt: '2026-03-10T11:00:00Z' }) })).kind).toBe('expired');
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ availableAt: '2026-03-11T00:00:00Z' }) }))).toEqual({ kind: 'ignore', why: 'not available yet' });
  });

  it('leaves optional and logon-only advertisements to the user', () => {
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ mandatory: [] }) })).kind).toBe('ignore');
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ mandatory: [{ type: 'logon' }] }) })).kind).toBe('ignore');
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ mandatory: [] }), requested: true })).kind).toBe('run');
  });

  it('waits for content and, on a slow network with do-not-run, for a fast one', () => {
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ contentReady: false }) }))).toMatchObject({ kind: 'wait', reason: 'content' });
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ network: 'slow' }) }))).toMatchObject({ kind: 'wait', reason: 'slow-network' });
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ network: 'slow', slowNetwork: 'download' }) })).kind).toBe('run');
  });

  it('waits for a maintenance window long enough, unless the advertisement ignores windows', () => {
    const windows: MaintenanceWindowData[] = [{ id: 'w', name: 'noon', start: '2026-03-01T11:30:00Z', durationMinutes: 60, recurrence: { type: 'daily' } }];
    expect(evaluateAdvertisement(input({ windows }))).toMatchObject({ kind: 'wait', reason: 'maintenance-window' });
    const short = anAdvertisement({ program: { ...anAdvertisement().program, maxRunTimeMinutes: 30 } });
    expect(evaluateAdvertisement(input({ advertisement: short, windows })).kind).toBe('run');
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ ignoreMaintenanceWindows: true }), windows })).kind).toBe('run');
  });

  it('waits while the runWhen of the program does not hold, and runs once it does', () => {
    const kiosk = anAdvertisement({ program: aProgram({ runWhen: 'user-logged-on' }) });
    expect(evaluateAdvertisement(input({ advertisement: kiosk, loggedOnUsers: [] }))).toEqual({
      kind: 'wait',
      reason: 'run-when',
      detail: 'waiting for a user to log on (runWhen: user-logged-on)',
      occurrence: 'asap@v1',
    });
    expect(evaluateAdvertisement(input({ advertisement: kiosk, loggedOnUsers: ['alice'] })).kind).toBe('run');
    expect(evaluateAdvertisement(input({ advertisement: kiosk, loggedOnUsers: 'unknown' })).kind).toBe('run');
    const overnight = anAdvertisement({ mandatory: [], program: aProgram({ runWhen: 'no-user' }) });
    expect(evaluateAdvertisement(input({ advertisement: overnight, loggedOnUsers: [], requested: true }))).toMatchObject({ kind: 'wait', reason: 'run-when' });
  });

  it('tries a chain that lacked disk space again only on a cycle that polled', () => {
    const history: AdvertisementHistory = { ...fresh, retryOnNextPoll: true };
    expect(evaluateAdvertisement(input({ history, pollCycle: false })).kind).toBe('ignore');
    expect(evaluateAdvertisement(input({ history, pollCycle: true })).kind).toBe('run');
  });

  it('retries a failed attempt once its back-off is over, on any cycle, and a new occurrence at once', () => {
    const pending = (nextAttemptAt: Date, occurrence = 'asap@v1'): AdvertisementHistory => ({
      ...fresh,
      lastOutcome: 'RETRYING',
      pendingRetry: { occurrence, nextAttemptAt: nextAttemptAt.toISOString() },
    });
    expect(evaluateAdvertisement(input({ history: pending(new Date(now.getTime() + 1000)), pollCycle: true }))).toEqual({
      kind: 'ignore',
      why: `next attempt at ${new Date(now.getTime() + 1000).toISOString()}`,
    });
    expect(evaluateAdvertisement(input({ history: pending(now), pollCycle: false })).kind).toBe('run');
    expect(evaluateAdvertisement(input({ history: pending(new Date(now.getTime() + 1000), 'asap@v0'), pollCycle: false })).kind).toBe('run');
    // rerun: never does not hold back a retry: the attempt has not ended yet.
    expect(evaluateAdvertisement(input({ advertisement: anAdvertisement({ rerun: 'never' }), history: pending(now) })).kind).toBe('run');
  });

  it('offers to the user only what allows running independently', () => {
    expect(isOfferedToUser(anAdvertisement(), now)).toBe(true);
    expect(isOfferedToUser(anAdvertisement({ allowUserToRunIndependently: false }), now)).toBe(false);
  });

  it('does not offer the user a program that runs only with no user logged on, itself or as a dependency', () => {
    expect(isOfferedToUser(anAdvertisement({ program: aProgram({ runWhen: 'no-user' }) }), now)).toBe(false);
    expect(isOfferedToUser(anAdvertisement({ program: aProgram({ runWhen: 'user-logged-on' }) }), now)).toBe(true);
    const dependency = { ...aDependency('S0100009', 'Prepare', true), program: aProgram({ packageId: 'S0100009', name: 'Prepare', runWhen: 'no-user' }) };
    expect(isOfferedToUser(anAdvertisement({ dependencies: [dependency] }), now)).toBe(false);
  });

  describe('runOncePer: user', () => {
    const perUser = (overrides: Parameters<typeof anAdvertisement>[0] = {}) => anAdvertisement({ program: aProgram({ runOncePer: 'user' }), ...overrides });

    /** A history in memory that records decided runs as the cycle does (handled key, outcome per user). */
    function memoryHistory(): AdvertisementHistory & { record(decision: Decision, outcome: RunOutcome | null): void } {
      const handled = new Set<string>();
      const byUser = new Map<string, RunOutcome>();
      return {
        lastOutcome: undefined,
        lastOutcomeOfUser: (user) => byUser.get(user),
        isHandled: (key) => handled.has(key),
        retryOnNextPoll: false,
        pendingRetry: undefined,
        record(decision, outcome) {
          if (decision.kind !== 'run' && decision.kind !== 'will-not-rerun') throw new Error(`nothing to record for ${decision.kind}`);
          handled.add(decision.occurrence);
          if (outcome) this.lastOutcome = outcome;
          if (decision.user !== undefined && outcome) byUser.set(decision.user, outcome);
        },
      };
    }

    it('runs an occurrence once for each user who logs on, one after the other, and not again for the same user', () => {
      const history = memoryHistory();
      const decide = (loggedOnUsers: string[]) => evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers }));

      const forAlice = decide(['alice']);
      expect(forAlice).toEqual({ kind: 'run', occurrence: 'asap@v1/user:alice', user: 'alice' });
      history.record(forAlice, 'SUCCEEDED');
      expect(decide(['alice'])).toEqual({ kind: 'ignore', why: 'occurrence asap@v1 already handled for every logged-on user' });

      const forBob = decide(['bob', 'alice']);
      expect(forBob).toEqual({ kind: 'run', occurrence: 'asap@v1/user:bob', user: 'bob' });
      history.record(forBob, 'SUCCEEDED');
      expect(decide(['alice', 'bob']).kind).toBe('ignore');
      expect(decide(['bob']).kind).toBe('ignore');
    });

    it('with several users logged on, runs for the first in sorted order who has not had it', () => {
      expect(evaluateAdvertisement(input({ advertisement: perUser(), loggedOnUsers: ['carol', 'bob'] }))).toMatchObject({ kind: 'run', user: 'bob' });
    });

    it('waits while no user is logged on, also after earlier users had it', () => {
      const history = memoryHistory();
      const waiting = { kind: 'wait', reason: 'run-once-per-user', detail: 'waiting for a user to log on (runOncePer: user)', occurrence: 'asap@v1' };
      expect(evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers: [] }))).toEqual(waiting);
      history.record(evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers: ['alice'] })), 'SUCCEEDED');
      expect(evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers: [] }))).toEqual(waiting);
    });

    it("applies the rerun rule to how that user's last attempt ended", () => {
      const history = memoryHistory();
      const v1 = perUser({ rerun: 'if-failed' });
      history.record(evaluateAdvertisement(input({ advertisement: v1, history, loggedOnUsers: ['alice'] })), 'SUCCEEDED');
      history.record(evaluateAdvertisement(input({ advertisement: v1, history, loggedOnUsers: ['bob'] })), 'FAILED');

      const v2 = perUser({ rerun: 'if-failed', contentVersion: 2 });
      const forAlice = evaluateAdvertisement(input({ advertisement: v2, history, loggedOnUsers: ['alice', 'bob'] }));
      expect(forAlice).toEqual({ kind: 'will-not-rerun', occurrence: 'asap@v2/user:alice', user: 'alice' });
      history.record(forAlice, null);
      expect(evaluateAdvertisement(input({ advertisement: v2, history, loggedOnUsers: ['alice', 'bob'] }))).toEqual({ kind: 'run', occurrence: 'asap@v2/user:bob', user: 'bob' });
      expect(evaluateAdvertisement(input({ advertisement: perUser({ rerun: 'always', contentVersion: 2 }), history: memoryHistory(), loggedOnUsers: ['alice'] })).kind).toBe('run');
    });

    it('behaves like a computer-wide program when the logged-on users are unknown', () => {
      const history = memoryHistory();
      const decision = evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers: 'unknown' }));
      expect(decision).toEqual({ kind: 'run', occurrence: 'asap@v1' });
      history.record(decision, 'SUCCEEDED');
      expect(evaluateAdvertisement(input({ advertisement: perUser(), history, loggedOnUsers: 'unknown' }))).toEqual({ kind: 'ignore', why: 'occurrence asap@v1 already handled' });
    });

    it('leaves a computer-wide program as it was: one run whoever is logged on, no wait without a user', () => {
      const history = memoryHistory();
      const decision = evaluateAdvertisement(input({ history, loggedOnUsers: ['alice', 'bob'] }));
      expect(decision).toEqual({ kind: 'run', occurrence: 'asap@v1' });
      history.record(decision, 'SUCCEEDED');
      expect(evaluateAdvertisement(input({ history, loggedOnUsers: ['carol'] })).kind).toBe('ignore');
      expect(evaluateAdvertisement(input({ history: memoryHistory(), loggedOnUsers: [] }))).toEqual({ kind: 'run', occurrence: 'asap@v1' });
    });

    it('a requested run (sdp-agent run) is not a per-user run', () => {
      expect(evaluateAdvertisement(input({ advertisement: perUser(), requested: true, loggedOnUsers: ['alice'] }))).toEqual({
        kind: 'run',
        occurrence: `requested@${now.toISOString()}`,
      });
    });
  });
});
