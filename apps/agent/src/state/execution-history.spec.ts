import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionHistory } from './execution-history';

describe('execution history', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-history-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = { advertisementId: 'S0100009', packageId: 'S0100001', program: 'Install', contentVersion: 2, role: 'advertised' as const, occurrence: 'asap@v2', startedAt: '2026-03-01T00:00:00Z' };

  it('survives a restart: outcomes, handled occurrences, and runs cut short', async () => {
    const path = join(dir, 'history.json');
    const history = await ExecutionHistory.load(path);
    const finished = await history.recordStart(run);
    await history.recordFinish(finished.id, { outcome: 'SUCCEEDED', exitCode: 0, detail: null }, new Date());
    await history.markHandled('S0100009', 'asap@v2', 'SUCCEEDED');
    const cut = await history.recordStart({ ...run, program: 'Configure' });
    await history.recordPid(cut.id, 4242);

    const reloaded = await ExecutionHistory.load(path);
    expect(reloaded.of('S0100009').lastOutcome).toBe('SUCCEEDED');
    expect(reloaded.of('S0100009').isHandled('asap@v2')).toBe(true);
    expect(reloaded.of('S0100009').isHandled('asap@v3')).toBe(false);
    expect(reloaded.everSucceeded('S0100001', 'Install')).toBe(true);
    expect(reloaded.everSucceeded('S0100001', 'Configure')).toBe(false);
    expect(reloaded.interrupted().map((record) => [record.program, record.pid])).toEqual([['Configure', 4242]]);
  });

  it('a retry request is cleared once an occurrence is handled', async () => {
    const history = await ExecutionHistory.load(join(dir, 'history.json'));
    await history.update('S0100009', { lastOutcome: 'RETRYING', retryOnNextPoll: true });
    expect(history.of('S0100009')).toMatchObject({ lastOutcome: 'RETRYING', retryOnNextPoll: true });
    await history.markHandled('S0100009', 'asap@v1', 'FAILED');
    expect(history.of('S0100009')).toMatchObject({ lastOutcome: 'FAILED', retryOnNextPoll: false });
  });

  it('keeps a pending retry across a restart and counts failed attempts of its occurrence only', async () => {
    const path = join(dir, 'history.json');
    const history = await ExecutionHistory.load(path);
    await history.update('S0100009', { lastOutcome: 'RETRYING', pendingRetry: { occurrence: 'asap@v2', failedAttempts: 2, nextAttemptAt: '2026-03-01T01:00:00.000Z' } });

    const reloaded = await ExecutionHistory.load(path);
    expect(reloaded.of('S0100009').pendingRetry).toEqual({ occurrence: 'asap@v2', failedAttempts: 2, nextAttemptAt: '2026-03-01T01:00:00.000Z' });
    expect(reloaded.failedAttempts('S0100009', 'asap@v2')).toBe(2);
    expect(reloaded.failedAttempts('S0100009', 'asap@v3')).toBe(0);
    await reloaded.markHandled('S0100009', 'asap@v2', 'FAILED');
    expect(reloaded.of('S0100009').pendingRetry).toBeUndefined();
  });

  it('forgets a failed run for a new "retry failed" generation, but not a run that succeeded since', async () => {
    const history = await ExecutionHistory.load(join(dir, 'history.json'));
    await history.markHandled('S0100009', 'asap@v2', 'FAILED');
    await history.acceptRetryGeneration('S0100009', 1);
    expect(history.retryGeneration('S0100009')).toBe(1);
    expect(history.of('S0100009')).toMatchObject({ lastOutcome: undefined });
    expect(history.of('S0100009').isHandled('asap@v2')).toBe(false);

    await history.markHandled('S0100009', 'asap@v2', 'SUCCEEDED');
    await history.acceptRetryGeneration('S0100009', 2);
    expect(history.retryGeneration('S0100009')).toBe(2);
    expect(history.of('S0100009').isHandled('asap@v2')).toBe(true);
  });

  it('keeps the last outcome per user of runOncePer: user runs, and reads a history written without them', async () => {
    const path = join(dir, 'history.json');
    await writeFile(path, JSON.stringify({ runs: [], advertisements: { S0100009: { handled: ['asap@v1'], lastOutcome: 'SUCCEEDED', retryOnNextPoll: false, accepted: true, expiredReported: false, lastWaiting: null } } }));
    const history = await ExecutionHistory.load(path);
    expect(history.of('S0100009').isHandled('asap@v1')).toBe(true);
    expect(history.of('S0100009').lastOutcomeOfUser('alice')).toBeUndefined();

    await history.markHandled('S0100009', 'asap@v1/user:alice', 'FAILED', 'alice');
    const reloaded = await ExecutionHistory.load(path);
    expect(reloaded.of('S0100009')).toMatchObject({ lastOutcome: 'FAILED' });
    expect(reloaded.of('S0100009').lastOutcomeOfUser('alice')).toBe('FAILED');
    expect(reloaded.of('S0100009').lastOutcomeOfUser('bob')).toBeUndefined();
    expect(reloaded.of('S0100009').isHandled('asap@v1/user:alice')).toBe(true);
  });
});
