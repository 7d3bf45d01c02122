import type { RolloutView } from '@sdp/contracts';
import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { createAdvertisementBody } from './advertisement-options';
import { rolloutCommands } from './rollout-commands';
import { parseGate, phasesFromOptions } from './rollout-options';
import { rolloutView } from './rollout-view';

const VIEW: RolloutView = {
  advertisementId: 'S0100002',
  state: 'paused',
  openPhases: 2,
  reason: 'phase 2: 3 of 40 clients failed (7.5 %), threshold 5 %',
  criterionMetAt: null,
  nextPhaseAt: null,
  failuresCountedSince: null,
  phases: [
    {
      phase: 1, type: 'percentage', percent: 10, successPercent: 95, failureThreshold: { percent: 5 }, gate: { type: 'approval' },
      open: true, openedAt: '2026-03-02T10:00:00Z', targeted: 4, succeeded: 4, failed: 0, inProgress: 0, notReported: 0, criterionMet: true,
    },
    {
      phase: 2, type: 'percentage', percent: 100, successPercent: 95, failureThreshold: { count: 3 }, gate: { type: 'automatic', delayMinutes: 60 },
      open: true, openedAt: '2026-03-02T11:00:00Z', targeted: 40, succeeded: 10, failed: 3, inProgress: 20, notReported: 7, criterionMet: false,
    },
  ],
};

async function run(argv: string[]) {
  const requested: { method: string; url: string }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push({ method: String(init.method), url: String(url) });
    return new Response(JSON.stringify(VIEW), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  let printed = '';
  const terminal: Terminal = { write: (text) => void (printed += text), isTTY: false };
  const context: CommandContext = {
    api: new ApiClient(DEFAULT_SETTINGS, fetchImpl),
    settings: DEFAULT_SETTINGS,
    json: false,
    env: {},
    stdout: terminal,
    stderr: terminal,
    signal: new AbortController().signal,
  };
  const command = rolloutCommands.find((candidate) => candidate.words[1] === argv[1])!;
  await command.run(context, inputOf(argv));
  return { printed, requested };
}

describe('sdp rollout', () => {
  it('shows the state, the reason and each phase against its criterion, threshold and gate', async () => {
    const { printed, requested } = await run(['rollout', 'status', 's0100002']);
    expect(requested).toEqual([{ method: 'GET', url: 'http://127.0.0.1:3004/api/v1/advertisements/S0100002/rollout' }]);
    expect(printed).toMatch(/^State +paused$/m);
    expect(printed).toMatch(/^Open phases +2 of 2$/m);
    expect(printed).toContain('phase 2: 3 of 40 clients failed (7.5 %), threshold 5 %');
    const lines = printed.trimEnd().split('\n');
    expect(lines.at(-3)).toMatch(/^PHASE +SCOPE +OPEN +SUCCEEDED +FAILED +IN PROGRESS +NOT REPORTED +CRITERION +PAUSE AT +GATE$/);
    expect(lines.at(-2)).toMatch(/^ +1 +10% +yes +\[##########\] 100% 4\/4 +0 +0 +0 +95% met +5% +approval$/);
    expect(lines.at(-1)).toMatch(/^ +2 +100% +yes +\[###-------\] +25% 10\/40 +3 +20 +7 +95% +3 clients +-$/);
  });

  it.each(['pause', 'resume', 'approve', 'cancel'])('%s posts to the rollout’s control', async (action) => {
    const { requested } = await run(['rollout', action, 'S0100002']);
    expect(requested).toEqual([{ method: 'POST', url: `http://127.0.0.1:3004/api/v1/advertisements/S0100002/rollout/${action}` }]);
  });

  it('names an automatic gate with its delay', () => {
    expect(rolloutView({ ...VIEW, state: 'active', reason: null, nextPhaseAt: '2026-03-02T12:00:00Z', phases: [VIEW.phases[1], { ...VIEW.phases[1], phase: 3 }] })).toMatch(
      /Next phase at +2026-03-02T12:00:00Z[\s\S]*auto 60 min/,
    );
  });
});

describe('sdp advertise phase options', () => {
  const base = ['advertise', '--name', 'Reader', '--package', 'S0100001', '--program', 'Install', '--collection', 'S0100002'];

  it('makes rings with the rules of every phase', () => {
    expect(createAdvertisementBody(inputOf([...base, '--rings', '1,10,50,100', '--success', '90', '--failure', '2.5', '--gate', 'auto:60']).values).phases).toEqual(
      [1, 10, 50, 100].map((percent) => ({ type: 'percentage', percent, successPercent: 90, failureThreshold: { percent: 2.5 }, gate: { type: 'automatic', delayMinutes: 60 } })),
    );
  });

  it('makes collection phases, leaving defaults to the service', () => {
    expect(phasesFromOptions(inputOf([...base, '--phase-collections', 's0100004, S0100002', '--failure-count', '3', '--gate', 'approval']).values)).toEqual([
      { type: 'collection', collectionId: 'S0100004', failureThreshold: { count: 3 }, gate: { type: 'approval' } },
      { type: 'collection', collectionId: 'S0100002', failureThreshold: { count: 3 }, gate: { type: 'approval' } },
    ]);
    expect(createAdvertisementBody(inputOf(base).values)).not.toHaveProperty('phases');
  });

  it.each([
    [['--success', '90'], /--success needs --rings or --phase-collections/],
    [['--rings', '10,100', '--phase-collections', 'S0100004'], /contradict/],
    [['--rings', '10,abc'], /--rings takes percentages/],
    [['--rings', '10,100', '--success', '101'], /--success takes percentages from 0 to 100/],
    [['--rings', '10,100', '--failure', '5', '--failure-count', '2'], /contradict/],
    [['--rings', '10,100', '--failure-count', '0'], /--failure-count must be between 1/],
    [['--rings', '10,100', '--gate', 'soon'], /--gate must be auto, auto:MINUTES or approval/],
  ])('refuses %j', (extra, message) => {
    expect(() => createAdvertisementBody(inputOf([...base, ...extra]).values)).toThrow(message);
  });

  it('reads gates', () => {
    expect(parseGate('auto')).toEqual({ type: 'automatic', delayMinutes: 0 });
    expect(parseGate('AUTO:15')).toEqual({ type: 'automatic', delayMinutes: 15 });
    expect(() => parseGate('approval:5')).toThrow(/--gate/);
  });

  it('are refused by sdp advertisement update: phases are fixed at creation', () => {
    expect(() => inputOf(['advertisement', 'update', 'S0100003', '--rings', '10,100'])).toThrow();
  });
});
