import type { AdvertisementConfig } from '../config';
import { RolloutGates } from './rollout-gates';
import type { EvaluationOutcome, RolloutService } from './rollout.service';

function gates(outcomes: Record<string, EvaluationOutcome[]> = {}) {
  const evaluated: { id: string; skipLocked: boolean }[] = [];
  const service = {
    evaluate: jest.fn(async (id: string, options: { skipLocked: boolean }) => {
      evaluated.push({ id, skipLocked: options.skipLocked });
      return outcomes[id]?.shift() ?? 'nothing';
    }),
    moving: jest.fn(async () => ['S0100009']),
  } as unknown as RolloutService;
  const config = { ROLLOUT_GATE_INTERVAL_MS: 10_000, ROLLOUT_REPORT_DEBOUNCE_MS: 250 } as AdvertisementConfig;
  return { gates: new RolloutGates(service, config), evaluated };
}

describe('RolloutGates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('evaluates each advertisement once per burst of reports, after the debounce, waiting for other replicas', async () => {
    const { gates: subject, evaluated } = gates();
    subject.evaluateSoon(['S0100002', 'S0100003']);
    subject.evaluateSoon(['S0100002']);
    expect(evaluated).toEqual([]);
    await jest.advanceTimersByTimeAsync(250);
    expect(evaluated).toEqual([
      { id: 'S0100002', skipLocked: false },
      { id: 'S0100003', skipLocked: false },
    ]);
    await subject.beforeApplicationShutdown();
  });

  it('evaluates again after a phase opened: the new phase may pass its gate at once', async () => {
    const { gates: subject, evaluated } = gates({ S0100002: ['opened', 'nothing'] });
    subject.evaluateSoon(['S0100002']);
    await jest.advanceTimersByTimeAsync(250);
    await jest.advanceTimersByTimeAsync(250);
    expect(evaluated.map((entry) => entry.id)).toEqual(['S0100002', 'S0100002']);
    await subject.beforeApplicationShutdown();
  });

  it('visits every moving rollout on its timer, skipping those another replica holds', async () => {
    const { gates: subject, evaluated } = gates();
    subject.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(evaluated).toEqual([{ id: 'S0100009', skipLocked: true }]);
    await subject.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(evaluated).toHaveLength(1);
  });
});
