import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, runsOf, waitFor } from './flow';

/** Far longer than the test: only the agent's re-checks can start a due retry. */
const POLL_SECONDS = 3600;
const SHORT_BACKOFF = { maxAttempts: 3, initialBackoffSeconds: 1, maxBackoffSeconds: 2 };

interface HistoryEntry {
  state: string;
  exitCode: number | null;
  detail: string | null;
}

// Retries on the whole system with a real agent polling hourly: a program that exits with a
// retry code twice succeeds on its third attempt after two back-offs; one that exits with
// another code fails at once, and runs again when the administrator retries the failed.
// Truthful states: a killed agent's run shows timed out after the maximum run time (+ no grace here).
describe('retries and truthful states with real agents', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agent: TestAgent;
  let killed: TestAgent;

  beforeAll(async () => {
    system = await startSystem({ env: { advertisement: { STATUS_TIMEOUT_GRACE_MINUTES: '0' } } });
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-retries-'));
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.0.0.0/8'] });
  });

  afterAll(async () => {
    await agent?.stop();
    await killed?.stop();
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const history = async (advertisementId: string): Promise<HistoryEntry[]> => {
    const { clientId } = (await flow.status(advertisementId)).items[0];
    const page = await flow.api.get<{ items: HistoryEntry[] }>(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/status/clients/${clientId}/history?limit=100`);
    return page.items;
  };

  const finalState = (advertisementId: string, state: 'SUCCEEDED' | 'FAILED') =>
    waitFor(
      async () => {
        const status = await flow.status(advertisementId);
        return status.items.some((row) => row.deliveryState === state) ? status : undefined;
      },
      90_000,
      `${state} for ${advertisementId}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nagent output:\n${agent.output().slice(-3000)}`);
    });

  // The killed agent's run needs its maximum run time (1 minute) to show timed out: it is started
  // first, and the retries case below runs while that minute passes.
  let hangAdvertisementId: string;
  let hangStartedAt: number;

  it('shows the run of an agent killed (-9) mid-run as still running at first', async () => {
    const folder = join(workDir, 'hang-package');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'hang.sh'), '#!/bin/sh\necho "hang" >> "$RUN_LOG"\nsleep 300\n');
    const packageId = await flow.createPackage('Hanging Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Hang', commandLine: 'sh hang.sh', maxRunTimeMinutes: 1 });
    await flow.upload(packageId, folder);
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Hang-${system.runId}`;
    const collectionId = await flow.queryCollection(`Hang ${system.runId}`, `inventory.department = '${department}'`);
    killed = new TestAgent(system, workDir, { name: 'hang-pc', ipAddresses: ['10.1.0.91'], inventory: { department } });
    await killed.once();
    await flow.waitForMembers(collectionId, 1);
    hangAdvertisementId = await flow.advertise({ name: 'Hang', packageId, program: 'Hang', collectionId, mandatory: [{ type: 'asap' }] });

    killed.start(POLL_SECONDS);
    hangStartedAt = Date.now();
    await waitFor(
      async () => ((await flow.status(hangAdvertisementId)).items[0]?.deliveryState === 'RUNNING' ? true : undefined),
      90_000,
      'the hanging program to run',
    );
    await killed.kill();
    expect((await flow.status(hangAdvertisementId)).summary).toMatchObject({ running: 1, timedOut: 0 });
  }, 300_000);

  it('ends SUCCEEDED after two back-offs on a retry exit code, and FAILED at once on another code', async () => {
    const folder = join(workDir, 'package');
    mkdirSync(folder, { recursive: true });
    // The attempts are counted beside the run log: the cache folder is the same on every attempt, but that is the agent's.
    writeFileSync(
      join(folder, 'flaky.sh'),
      '#!/bin/sh\nn=$(cat "$RUN_LOG.flaky" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$RUN_LOG.flaky"\necho "flaky $n" >> "$RUN_LOG"\ntest $n -ge 3 && exit 0\nexit 75\n',
    );
    writeFileSync(join(folder, 'broken.sh'), '#!/bin/sh\necho "broken" >> "$RUN_LOG"\ntest -f "$RUN_LOG.fixed" && exit 0\nexit 3\n');
    const packageId = await flow.createPackage('Flaky Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Flaky', commandLine: 'sh flaky.sh', maxRunTimeMinutes: 5, retryExitCodes: [75] });
    await flow.addProgram(packageId, { name: 'Broken', commandLine: 'sh broken.sh', maxRunTimeMinutes: 5, retryExitCodes: [75] });
    await flow.upload(packageId, folder);
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Retries-${system.runId}`;
    const collectionId = await flow.queryCollection(`Retries ${system.runId}`, `inventory.department = '${department}'`);
    agent = new TestAgent(system, workDir, { name: 'retry-pc', ipAddresses: ['10.1.0.90'], inventory: { department } });
    await agent.once();
    await flow.waitForMembers(collectionId, 1);

    const flaky = await flow.advertise({ name: 'Flaky', packageId, program: 'Flaky', collectionId, mandatory: [{ type: 'asap' }], retry: SHORT_BACKOFF });
    const broken = await flow.advertise({ name: 'Broken', packageId, program: 'Broken', collectionId, mandatory: [{ type: 'asap' }], retry: SHORT_BACKOFF });
    // Wait until both are in the agent's policy, then let the service loop (hourly polls, re-checks
    // every second instead of 5: the back-offs are 1 and 2 s) do the rest.
    await waitFor(
      async () => {
        const [{ count }] = await system.sql<{ count: number }>(
          'advertisement',
          `SELECT count(*)::int AS count FROM client_policy p, jsonb_array_elements(p.body->'advertisements') a WHERE a->>'advertisementId' = ANY($1::text[])`,
          [[flaky, broken]],
        );
        return count === 2 ? true : undefined;
      },
      60_000,
      'both advertisements in the policy',
    );
    agent.start(POLL_SECONDS, [], { SDP_AGENT_RECHECK_SECONDS: '1' });

    await finalState(flaky, 'SUCCEEDED');
    const flakyStates = (await history(flaky)).map((entry) => entry.state);
    expect(flakyStates.filter((state) => state === 'RETRYING')).toHaveLength(2);
    expect(flakyStates.filter((state) => state === 'RUNNING')).toHaveLength(3);
    expect(flakyStates[flakyStates.length - 1]).toBe('SUCCEEDED');
    const retrying = (await history(flaky)).filter((entry) => entry.state === 'RETRYING');
    expect(retrying.map((entry) => entry.exitCode)).toEqual([75, 75]);
    expect(retrying[0].detail).toMatch(/^attempt 1 of 3 failed: .*exited with 75; next attempt at /);
    expect(retrying[1].detail).toMatch(/^attempt 2 of 3 failed: /);

    const failed = await finalState(broken, 'FAILED');
    expect((await history(broken)).map((entry) => entry.state)).not.toContain('RETRYING');
    expect(failed.summary).toMatchObject({ targeted: 1, failed: 1, succeeded: 0, timedOut: 0 });
    expect(runsOf(agent).filter((line) => line.startsWith('flaky'))).toEqual(['flaky 1', 'flaky 2', 'flaky 3']);
    expect(runsOf(agent).filter((line) => line === 'broken')).toHaveLength(1);

    // The administrator fixes what broke it and retries the failed: the agent runs it again on its next poll.
    await agent.stop();
    writeFileSync(`${agent.runLog}.fixed`, '');
    const retried = await flow.api.post<{ clientCount: number }>(`${system.urls.advertisement}/api/v1/advertisements/${broken}/retry-failed`, {});
    expect(retried.clientCount).toBe(1);
    await waitFor(
      async () => {
        await agent.once();
        const status = await flow.status(broken);
        return status.summary.succeeded === 1 ? status : undefined;
      },
      60_000,
      'the retried advertisement to succeed',
    );
    expect(runsOf(agent).filter((line) => line === 'broken')).toHaveLength(2);
    expect(runsOf(agent).filter((line) => line.startsWith('flaky'))).toHaveLength(3);
  }, 300_000);

  it("shows a killed agent's run as timed out after the maximum run time, and its late report still counts", async () => {
    const advertisementId = hangAdvertisementId;
    const startedAt = hangStartedAt;
    const timedOut = await waitFor(
      async () => {
        const status = await flow.status(advertisementId);
        return status.summary.timedOut === 1 ? status : undefined;
      },
      150_000,
      'the silent run to show timed out',
      2000,
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(60_000);
    expect(timedOut.summary).toMatchObject({ targeted: 1, running: 0, timedOut: 1, failed: 0 });
    expect(timedOut.items[0]).toMatchObject({ deliveryState: 'RUNNING', timedOut: true });

    // Back up, the agent ends what the crash left running and reports it: the row shows its real state.
    await killed.once();
    const late = await flow.status(advertisementId);
    expect(late.summary).toMatchObject({ running: 0, timedOut: 0, failed: 1 });
    expect(late.items[0]).toMatchObject({ deliveryState: 'FAILED', timedOut: false });
  }, 300_000);
});
