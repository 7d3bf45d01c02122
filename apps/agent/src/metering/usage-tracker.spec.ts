import type { ClientMeteringRule } from '@sdp/contracts';
import type { ObservedProcess } from './process-matcher';
import { EMPTY_METERING_STATE, MeteringState, OPEN_RUN_REFRESH_MS, UsageTracker } from './usage-tracker';

const SAMPLE_MS = 5000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const editor: ClientMeteringRule = { id: 'S0100001', productName: 'Editor', fileName: 'editor', originalFileName: null, fileVersion: '*', language: null };
const shell: ClientMeteringRule = { ...editor, id: 'S0100002', productName: 'Shell', fileName: 'bash' };
const run = (pid: number, name = 'editor', user = 'alice', startedAt = T0 - 1000): ObservedProcess => ({ pid, name, user, startedAt });

function tracker(rules: ClientMeteringRule[] = [editor, shell]): UsageTracker {
  const state: MeteringState = { ...structuredClone(EMPTY_METERING_STATE), rules: { etag: '"e"', rules } };
  return new UsageTracker(state, SAMPLE_MS);
}

describe('the usage tracker', () => {
  it('opens a record when a matching process appears, with its own start time and user, and closes it when it is gone', () => {
    const usage = tracker();
    expect(usage.observe([run(10), run(11, 'other')], T0)).toBe(true);
    expect(usage.state.unsent).toEqual([{ id: expect.any(String), ruleId: 'S0100001', user: 'alice', startedAt: '2026-03-02T08:59:59.000Z', endedAt: null }]);
    expect(usage.observe([run(10)], T0 + SAMPLE_MS)).toBe(false);
    expect(usage.observe([], T0 + 2 * SAMPLE_MS)).toBe(true);
    expect(usage.state.open).toEqual([]);
    expect(usage.state.unsent).toHaveLength(1);
    expect(usage.state.unsent[0]).toMatchObject({ startedAt: '2026-03-02T08:59:59.000Z', endedAt: '2026-03-02T09:00:10.000Z' });
  });

  it('keeps runs of several processes and rules apart, and a reused pid is a new run', () => {
    const usage = tracker();
    usage.observe([run(10), run(20, 'bash', 'bob'), run(30, 'editor', 'bob')], T0);
    expect(usage.state.open.map((open) => open.record.ruleId).sort()).toEqual(['S0100001', 'S0100001', 'S0100002']);
    usage.observe([run(10, 'editor', 'carol', T0 + 3000), run(20, 'bash', 'bob'), run(30, 'editor', 'bob')], T0 + SAMPLE_MS);
    const records = usage.state.unsent;
    expect(records).toHaveLength(4);
    expect(records.filter((record) => record.endedAt !== null)).toEqual([expect.objectContaining({ user: 'alice' })]);
    expect(records.filter((record) => record.user === 'carol')).toEqual([expect.objectContaining({ endedAt: null, startedAt: '2026-03-02T09:00:03.000Z' })]);
  });

  it('ends a run at most two sampling intervals after it was last seen (an agent that was stopped does not stretch it)', () => {
    const usage = tracker();
    usage.observe([run(10)], T0);
    usage.observe([], T0 + 3_600_000);
    expect(usage.state.unsent[0].endedAt).toBe(new Date(T0 + 2 * SAMPLE_MS).toISOString());
  });

  it('closes the runs of a rule no longer given at once, and opens none for it', () => {
    const usage = tracker();
    usage.observe([run(10), run(20, 'bash')], T0);
    usage.state.rules = { etag: '"f"', rules: [shell] };
    usage.observe([run(10), run(20, 'bash')], T0 + 1000);
    expect(usage.state.open.map((open) => open.record.ruleId)).toEqual(['S0100002']);
    expect(usage.state.unsent.find((record) => record.ruleId === 'S0100001')?.endedAt).toBe(new Date(T0 + 1000).toISOString());
  });

  it('sends each version of a record until the service took it, and keeps a newer one', () => {
    const usage = tracker();
    usage.observe([run(10)], T0);
    const opened = usage.batch(500);
    usage.observe([], T0 + SAMPLE_MS);
    usage.acknowledge(opened);
    expect(usage.state.unsent).toEqual([expect.objectContaining({ id: opened[0].id, endedAt: expect.any(String) })]);
    usage.acknowledge(usage.batch(500));
    expect(usage.state.unsent).toEqual([]);
  });

  it('sends a run that goes on again every refresh interval, so the service knows it still runs', () => {
    const usage = tracker();
    usage.observe([run(10)], T0);
    usage.acknowledge(usage.batch(500));
    expect(usage.observe([run(10)], T0 + OPEN_RUN_REFRESH_MS - 1)).toBe(false);
    expect(usage.state.unsent).toEqual([]);
    expect(usage.observe([run(10)], T0 + OPEN_RUN_REFRESH_MS)).toBe(true);
    expect(usage.state.unsent).toEqual([expect.objectContaining({ ruleId: 'S0100001', endedAt: null })]);
    usage.acknowledge(usage.batch(500));
    expect(usage.observe([run(10)], T0 + OPEN_RUN_REFRESH_MS + SAMPLE_MS)).toBe(false);
  });

  it('records nothing before it has rules', () => {
    const usage = new UsageTracker(structuredClone(EMPTY_METERING_STATE), SAMPLE_MS);
    expect(usage.observe([run(10)], T0)).toBe(false);
    expect(usage.state.unsent).toEqual([]);
  });
});
