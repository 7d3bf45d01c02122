import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusReport } from '../api/service-client';
import { ReportQueue } from './report-queue';

describe('report queue', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-queue-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives each report the next seq and keeps unsent ones across a restart', async () => {
    const path = join(dir, 'reports.json');
    const queue = await ReportQueue.load(path);
    await queue.add({ advertisementId: 'S0100001', state: 'ACCEPTED', messageId: 10002 }, new Date('2026-03-01T00:00:00Z'));
    await queue.add({ advertisementId: 'S0100001', state: 'RUNNING' }, new Date('2026-03-01T00:00:01Z'));
    expect((await queue.flush(async () => 'retry-later')).remaining).toBe(2);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const restarted = await ReportQueue.load(path);
    await restarted.add({ advertisementId: 'S0100001', state: 'SUCCEEDED', exitCode: 0 }, new Date('2026-03-01T00:00:02Z'));
    const sent: StatusReport[] = [];
    const result = await restarted.flush(async (batch) => {
      sent.push(...batch);
      return 'sent';
    });
    expect(result).toEqual({ sent: 3, dropped: 0, remaining: 0 });
    expect(sent.map((report) => [report.seq, report.state])).toEqual([
      [1, 'ACCEPTED'],
      [2, 'RUNNING'],
      [3, 'SUCCEEDED'],
    ]);
    expect(sent[0]).toEqual({
      advertisementId: 'S0100001',
      state: 'ACCEPTED',
      messageId: 10002,
      exitCode: null,
      detail: null,
      at: '2026-03-01T00:00:00.000Z',
      seq: 1,
      output: null,
      packageVersion: null,
    });

    const again = await ReportQueue.load(path);
    expect(again.pendingCount).toBe(0);
    expect((await again.add({ advertisementId: 'S0100001', state: 'RUNNING' }, new Date())).seq).toBe(4);
  });

  it('after a refused batch sends one by one and drops only the refused report', async () => {
    const queue = await ReportQueue.load(join(dir, 'reports.json'));
    for (const state of ['ACCEPTED', 'RUNNING', 'SUCCEEDED'] as const) {
      await queue.add({ advertisementId: 'S0100001', state, detail: state === 'RUNNING' ? 'bad' : null }, new Date());
    }
    const accepted: number[] = [];
    const result = await queue.flush(async (batch) => {
      if (batch.some((report) => report.detail === 'bad')) return 'rejected';
      accepted.push(...batch.map((report) => report.seq));
      return 'sent';
    });
    expect(result).toEqual({ sent: 2, dropped: 1, remaining: 0 });
    expect(accepted).toEqual([1, 3]);
  });

  it('keeps batches with program output well below the service request limit', async () => {
    const queue = await ReportQueue.load(join(dir, 'reports.json'));
    const output = { stdout: 'o'.repeat(16_384), stderr: 'e'.repeat(16_384), truncated: true };
    for (let index = 0; index < 40; index += 1) {
      await queue.add({ advertisementId: 'S0100001', state: 'FAILED', output, packageVersion: 2 }, new Date());
    }
    const sizes: number[] = [];
    const result = await queue.flush(async (batch) => {
      sizes.push(JSON.stringify(batch).length);
      return 'sent';
    });
    expect(result).toEqual({ sent: 40, dropped: 0, remaining: 0 });
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(512 * 1024 + 100);
  });
});
