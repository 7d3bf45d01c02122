import type { AdvertisementStatusPage, ClientAdvertisementsPage, StatusHistoryEntry } from '@sdp/contracts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor } from './flow';

/** C0 controls but line feed and tab, DEL and C1: what must never reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// Issue 16 on the whole system: a real agent runs a program that writes 1 MiB and control
// characters and fails. The administrator sees why — the escaped tail of its stderr and stdout,
// the message text and the package version — in the API, on the client's page data and in the
// CLI, and re-runs it for that one computer.
describe('program output reaches the administrator', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agent: TestAgent;

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-output-'));
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('stores the bounded, escaped output of a failed run, serves it with message text and package version, shows it in the CLI, and reruns', async () => {
    const folder = join(workDir, 'package');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'noisy.sh'),
      [
        '#!/bin/sh',
        'echo run >> "$RUN_LOG"',
        "head -c 1048576 /dev/zero | tr '\\0' 'x'",
        "printf '\\nlast line \\033[31mred\\033[0m\\r\\n'",
        "printf 'fatal: \\007bell \\033]0;title\\007 ./install.sh: Permission denied\\n' >&2",
        'exit 7',
        '',
      ].join('\n'),
    );
    const packageId = await flow.createPackage('Noisy Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh noisy.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Output-${system.runId}`;
    const collectionId = await flow.queryCollection(`Output ${system.runId}`, `inventory.department = '${department}'`);
    agent = new TestAgent(system, workDir, { name: 'noisy-pc', ipAddresses: ['10.1.0.70'], inventory: { department } });
    await agent.once();
    await flow.waitForMembers(collectionId, 1);
    const advertisementId = await flow.advertise({
      name: 'Noisy',
      packageId,
      program: 'Install',
      collectionId,
      mandatory: [{ type: 'asap' }],
      retry: { maxAttempts: 1, initialBackoffSeconds: 60, maxBackoffSeconds: 3600 },
    });

    const statusPath = `${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/status`;
    const failed = await waitFor(
      async () => {
        await agent.once();
        const status = await flow.api.get<AdvertisementStatusPage>(statusPath);
        return status.items.find((row) => row.deliveryState === 'FAILED');
      },
      120_000,
      'the run to fail',
    );
    const stdoutTail = 'last line \\u{001B}[31mred\\u{001B}[0m\n';
    const stderr = 'fatal: \\u{0007}bell \\u{001B}]0;title\\u{0007} ./install.sh: Permission denied\n';
    expect(failed).toMatchObject({ messageId: 10006, messageText: 'Program failed', exitCode: 7, packageVersion: 1 });
    expect(failed.output).toEqual({ stdout: expect.stringMatching(/^x+\n/), stderr, truncated: true });
    // The last 4096 bytes of the 1 MiB, as text: bounded, escaped, CRLF as LF.
    expect(failed.output!.stdout.endsWith(`x\n${stdoutTail}`)).toBe(true);
    expect(Buffer.byteLength(failed.output!.stdout)).toBe(4096);
    expect(failed.output!.stdout).not.toMatch(RAW_CONTROL);
    const [stored] = await system.sql<{ bytes: number }>(
      'advertisement',
      `SELECT octet_length(output::text) AS bytes FROM client_status_report WHERE advertisement_id = $1 AND state = 'FAILED'`,
      [advertisementId],
    );
    expect(stored.bytes).toBeLessThan(10_000);

    const clientId = failed.clientId;
    const history = await flow.api.get<{ items: StatusHistoryEntry[] }>(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/clients/${clientId}/history`);
    expect(history.items.map((entry) => [entry.state, entry.messageText, entry.packageVersion])).toEqual([
      ['FAILED', 'Program failed', 1],
      ['RUNNING', 'Program started', 1],
      ['DOWNLOAD_COMPLETE', 'Content downloaded', 1],
      ['DOWNLOAD_IN_PROGRESS', 'Downloading content', 1],
      ['ACCEPTED', 'Program received', 1],
    ]);
    const page = await flow.api.get<ClientAdvertisementsPage>(`${system.urls.advertisement}/api/v1/clients/${clientId}/advertisements`);
    expect(page.items.find((item) => item.advertisementId === advertisementId)).toMatchObject({
      applies: true,
      reason: null,
      state: 'FAILED',
      packageName: 'Noisy Tool',
      lastFailure: { exitCode: 7, messageText: 'Program failed', output: { stderr } },
    });

    const env = sdpEnvironment(system);
    const status = await runSdp(['advertisement', 'status', advertisementId], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/FAILED\s+10006 Program failed\s+7\s+1\s/);
    expect(status.stdout).toContain('fatal: \\u{0007}bell \\u{001B}]0;title\\u{0007} ./install.sh: Permission denied');
    expect(status.stdout).toContain('last line \\u{001B}[31mred\\u{001B}[0m');
    expect(status.stdout).not.toMatch(RAW_CONTROL);
    const shownHistory = await runSdp(['advertisement', 'history', advertisementId, '--client', clientId], env);
    expect(shownHistory.code).toBe(0);
    expect(shownHistory.stdout).toContain(`xxxxxxxxxx\n    last line \\u{001B}[31mred\\u{001B}[0m`);
    expect(shownHistory.stdout).not.toMatch(RAW_CONTROL);

    const rerun = await runSdp(['advertisement', 'rerun', advertisementId, '--client', clientId], env);
    // The CLI names the computer first.
    expect(rerun.stdout).toContain(`client noisy-pc (${clientId}) will run advertisement ${advertisementId} again`);
    await waitFor(
      async () => {
        await agent.once();
        const again = await flow.api.get<{ items: StatusHistoryEntry[] }>(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/clients/${clientId}/history`);
        return again.items.filter((entry) => entry.state === 'FAILED').length === 2 ? again : undefined;
      },
      120_000,
      'the rerun to fail again',
    );
  });
});
