import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLog } from '../agent/event-log';
import { PendingUpdate, readPendingUpdate, writePendingUpdate } from './pending-update';
import { runSupervisor, SupervisorOptions } from './supervisor';

/** Real processes: shell scripts stand in for the old and the new agent executable. */
describe('runSupervisor', () => {
  let dir: string;
  let executable: string;
  let markerPath: string;
  let startsLog: string;
  const log: EventLog = { event: () => undefined, error: () => undefined };

  const script = (body: string) => `#!/bin/sh\n${body}\n`;
  const starts = async () => (await readFile(startsLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const until = async (condition: () => Promise<boolean>) => {
    for (let tries = 0; tries < 200; tries += 1) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('condition not met within 10 s');
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    executable = join(dir, 'sdp-agent');
    markerPath = join(dir, 'pending-update.json');
    startsLog = join(dir, 'starts.log');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The state an agent leaves after staging: the new script installed, the old one as .previous, the marker staged. */
  async function staged(oldBody: string, newBody: string): Promise<PendingUpdate> {
    await writeFile(`${executable}.previous`, script(oldBody), { mode: 0o755 });
    await writeFile(executable, script(newBody), { mode: 0o755 });
    const pending: PendingUpdate = {
      state: 'staged',
      advertisementId: 'S0120001',
      occurrence: 'asap',
      runId: 'run-1',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      executable,
      previous: `${executable}.previous`,
      stagedAt: new Date().toISOString(),
    };
    await writePendingUpdate(markerPath, pending);
    return pending;
  }

  function supervise(overrides: Partial<SupervisorOptions> = {}) {
    let stop!: () => void;
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const done = runSupervisor({ executable, args: [], markerPath, confirmTimeoutMs: 10_000, log, checkIntervalMs: 20, restartDelayMs: () => 20, stopSignal, ...overrides });
    return { stop, done };
  }

  it('keeps an updated agent that reports in (settles the marker) and stops it when told', async () => {
    await staged(`echo old >> ${startsLog}; exec sleep 30`, `echo new >> ${startsLog}; rm ${markerPath}; exec sleep 30`);
    const supervisor = supervise();
    await until(async () => (await starts()).length === 1 && (await readPendingUpdate(markerPath)) === undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    supervisor.stop();
    expect(await supervisor.done).toBe(0);
    expect(await starts()).toEqual(['new']);
    expect(await readFile(executable, 'utf8')).toContain('echo new');
  });

  it('puts the old executable back when the new one exits before reporting in, and starts the old one', async () => {
    await staged(`echo old >> ${startsLog}; exec sleep 30`, `echo new >> ${startsLog}; exit 1`);
    const supervisor = supervise();
    await until(async () => (await starts()).includes('old'));
    supervisor.stop();
    await supervisor.done;
    expect(await starts()).toEqual(['new', 'old']);
    expect(await readFile(executable, 'utf8')).toContain('echo old');
    expect(await readPendingUpdate(markerPath)).toMatchObject({ state: 'rolled-back', reason: 'it exited with code 1 before reporting in' });
  });

  it('stops a new agent that does not report in within the timeout, and rolls back', async () => {
    await staged(`echo old >> ${startsLog}; exec sleep 30`, `echo new >> ${startsLog}; exec sleep 30`);
    const supervisor = supervise({ confirmTimeoutMs: 1000 });
    await until(async () => (await starts()).includes('old'));
    supervisor.stop();
    await supervisor.done;
    expect(await starts()).toEqual(['new', 'old']);
    expect(await readPendingUpdate(markerPath)).toMatchObject({ state: 'rolled-back', reason: 'it did not report in within 1 s' });
  });

  it('restarts an agent that confirmed its update and later staged the next one into that one, without a rollback', async () => {
    const third = join(dir, 'third');
    await writeFile(third, script(`echo third >> ${startsLog}; exec sleep 30`), { mode: 0o755 });
    const pending = await staged(`echo old >> ${startsLog}; exec sleep 30`, '');
    // The new agent confirms (marker gone), then stages the third version (a marker of its own) and asks for a restart.
    const next = { ...pending, toVersion: '3.0.0', stagedAt: new Date(Date.now() + 1000).toISOString() };
    await writeFile(
      executable,
      script(`echo new >> ${startsLog}; rm ${markerPath}; sleep 0.3; printf '%s' '${JSON.stringify(next)}' > ${markerPath}; cp ${third} ${executable}.staged; mv ${executable}.staged ${executable}; exit 75`),
      { mode: 0o755 },
    );
    const supervisor = supervise();
    await until(async () => (await starts()).includes('third'));
    supervisor.stop();
    await supervisor.done;
    expect(await starts()).toEqual(['new', 'third']);
    expect(await readPendingUpdate(markerPath)).toMatchObject({ state: 'staged', toVersion: '3.0.0' });
  });

  it('starts the agent again at once after a restart request, and after a wait after a failure', async () => {
    const flag = join(dir, 'ran');
    await writeFile(executable, script(`echo start >> ${startsLog}; [ -f ${flag} ] || { touch ${flag}; exit 75; }; exit 3`), { mode: 0o755 });
    const delays: number[] = [];
    const supervisor = supervise({
      restartDelayMs: (failures) => {
        delays.push(failures);
        return 20;
      },
    });
    await until(async () => (await starts()).length >= 3);
    supervisor.stop();
    await supervisor.done;
    // The restart request (75) cost no wait; the exits with 3 each one more, counted in a row.
    expect(delays.slice(0, 2)).toEqual([1, 2]);
    await expect(readPendingUpdate(markerPath)).resolves.toBeUndefined();
  });
});
