import type { MeteringReport, MeteringRuleData } from '@sdp/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { waitFor } from './flow';

/**
 * Software metering through the whole system: an administrator makes a rule with `sdp`, a real
 * agent (on this Linux machine's /proc) sees a test program start and end, the report shows the
 * launches, the user and the peak; a batch sent again counts once; a disabled rule records no more.
 */
describe('software metering', () => {
  let system: RunningSystem;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let agent: TestAgent;
  let program: string;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    system = await startSystem();
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-metering-'));
    env = sdpEnvironment(system);
    program = join(workDir, `sdp-e2e-metered-${system.runId}`);
    copyFileSync('/bin/sleep', program);
    agent = new TestAgent(system, workDir, { name: `metered-${system.runId}` });
  });

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await agent?.stop();
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function sdp(...args: string[]): Promise<string> {
    const run = await runSdp(args, env);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  }

  const report = async (ruleId: string) => JSON.parse(await sdp('metering', 'report', ruleId, '--json')) as MeteringReport;
  const runProgram = () => {
    const child = spawn(program, ['300'], { stdio: 'ignore' });
    running.push(child);
    return child;
  };
  const end = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));
  const rulesSeen = (ids: string[]) => agent.output().split('\n').some((line) => line.includes('"event":"metering-rules"') && line.includes(`"rules":${JSON.stringify(ids)}`));

  it('counts the runs of a metered program with its user and peak, once, and stops when the rule is disabled', async () => {
    const rule = JSON.parse(
      await sdp('metering', 'rule', 'create', '--product', 'E2E Metered', '--file', program.split('/').pop()!.toUpperCase(), '--licences', '1', '--json'),
    ) as MeteringRuleData;
    agent.start(3, ['--metering', system.urls.metering, '--metering-seconds', '1']);
    await waitFor(async () => (rulesSeen([rule.id]) ? true : undefined), 90_000, `the agent to get rule ${rule.id}\n${agent.output()}`);

    // Two windows of the program by one user on one computer: two launches, one licence in use.
    const first = runProgram();
    const second = runProgram();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await Promise.all([end(first), end(second)]);
    const counted = await waitFor(
      async () => {
        const closed = await system.sql<{ count: string }>('metering', `SELECT count(*) FROM usage_record WHERE rule_id = $1 AND ended_at IS NOT NULL`, [rule.id]);
        return Number(closed[0].count) === 2 ? report(rule.id) : undefined;
      },
      60_000,
      'both runs reported closed',
    );
    expect(counted.summary).toMatchObject({ computers: 1, users: 1, launches: 2, peakConcurrentUsers: 1 });
    expect(counted.summary.usageSeconds).toBeGreaterThanOrEqual(4);
    expect(counted.users).toEqual([expect.objectContaining({ user: userInfo().username, launches: 2 })]);
    expect(counted.computers).toEqual([expect.objectContaining({ name: agent.identity.name, launches: 2 })]);
    expect(counted.overLicences).toBe(false);
    const human = await sdp('metering', 'report', rule.id);
    expect(human).toMatch(/Peak concurrent users +1 of 1 licences owned/);

    // The same batch again, as an agent that lost the answer would send it: it counts once.
    const records = await system.sql<{ id: string; user_name: string; started_at: Date; ended_at: Date }>(
      'metering',
      `SELECT id, user_name, started_at, ended_at FROM usage_record WHERE rule_id = $1`,
      [rule.id],
    );
    const identity = JSON.parse(readFileSync(join(agent.dataDir, 'identity.json'), 'utf8')) as { clientId: string; token: string };
    const resent = await fetch(`${system.urls.metering}/api/v1/clients/${identity.clientId}/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${identity.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        records: records.map((record) => ({ id: record.id, ruleId: rule.id, user: record.user_name, startedAt: record.started_at.toISOString(), endedAt: record.ended_at.toISOString() })),
      }),
    });
    expect(await resent.json()).toEqual({ accepted: 0, closed: 0, unchanged: 2, unknownRule: 0 });
    expect((await report(rule.id)).summary).toEqual(counted.summary);

    // Disabled: the agent learns it at its next rules request and records the program no more.
    await sdp('metering', 'rule', 'disable', rule.id);
    await waitFor(async () => (rulesSeen([]) ? true : undefined), 90_000, 'the agent to drop the disabled rule');
    const third = runProgram();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await end(third);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await report(rule.id)).summary.launches).toBe(2);
  });
});
