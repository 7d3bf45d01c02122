import type { MaintenanceWindowData } from '@sdp/contracts';
import { aDependency, anAdvertisement, aProgram } from '../test-support/policy-fixtures';
import { planChain } from './chain-plan';
import { AdvertisementHistory, evaluateAdvertisement, EvaluationInput, isOfferedToUser } from './evaluate-advertisement';

const now = new Date('2026-03-10T12:00:00Z');
const fresh: AdvertisementHistory = { lastOutcome: undefined, isHandled: () => false, retryOnNextPoll: false };

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
    const history: AdvertisementHistory = { lastOutcome: 'SUCCEEDED', isHandled: (key) => key === 'asap@v1', retryOnNextPoll: false };
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

  it('retries a RETRYING run only on a cycle that polled', () => {
    const history: AdvertisementHistory = { lastOutcome: 'RETRYING', isHandled: () => false, retryOnNextPoll: true };
    expect(evaluateAdvertisement(input({ history, pollCycle: false })).kind).toBe('ignore');
    expect(evaluateAdvertisement(input({ history, pollCycle: true })).kind).toBe('run');
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
});
