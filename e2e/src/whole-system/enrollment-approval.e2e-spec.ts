import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { runSdp } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, runsOf, waitFor, writePackageFolder } from './flow';

/**
 * An administrator creates an enrollment secret that requires approval and builds the agent's deb
 * with it (`sdp agent package`); a computer running the deb's single executable with the deb's
 * options file enrolls, waits, says so and runs nothing, until the administrator approves it; then
 * it runs the program advertised to it and reports SUCCEEDED.
 */
describe('enrolling with a secret that requires approval', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-enrollment-'));
    env = {
      SDP_CATALOG_URL: system.urls.catalog,
      SDP_REPLICATION_URL: system.urls.replication,
      SDP_TARGETING_URL: system.urls.targeting,
      SDP_ADVERTISEMENT_URL: system.urls.advertisement,
      SDP_TOKEN: system.adminToken,
      SDP_CONFIG: join(workDir, 'no-config.json'),
    };
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function sdp(...args: string[]): Promise<string> {
    const run = await runSdp(args, env);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  }

  it('keeps the computer pending until an administrator approves it, then runs its advertised program', async () => {
    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    const packageId = await flow.createPackage('Approval Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Approval-${system.runId}`;
    const collectionId = await flow.queryCollection(`Approval ${system.runId}`, `inventory.department = '${department}'`);
    const advertisementId = await flow.advertise({ name: 'Approval Tool', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] });

    const created = JSON.parse(await sdp('enrollment', 'create', `branch-${system.runId}`, '--approval-required', '--json')) as { id: string; secret: string };
    expect(created.secret).toMatch(/^sdp_enr_/);
    expect(await sdp('enrollment', 'list')).not.toContain(created.secret);

    // The installer an administrator would copy to the computer, with this system's URLs and the secret in it.
    // (It notes on stderr that the test system's loopback URLs name this computer: here it is the computer.)
    const packaged = await runSdp(['agent', 'package', '--type', 'deb', '--enroll-secret', created.secret, '--output', join(workDir, 'installers'), '--json'], env);
    expect({ code: packaged.code, stderr: packaged.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining(created.secret) });
    const built = JSON.parse(packaged.stdout) as { path: string };
    const installed = join(workDir, 'installed');
    const extract = spawnSync('dpkg-deb', ['-x', built.path, installed], { encoding: 'utf8' });
    expect({ code: extract.status, stderr: extract.stderr }).toEqual({ code: 0, stderr: '' });
    const agent = new TestAgent(system, workDir, { name: 'branch-pc', ipAddresses: ['10.1.0.50'], inventory: { department } }, created.secret, {
      executable: join(installed, 'usr/lib/sdp-agent/sdp-agent'),
      optionsFile: join(installed, 'etc/sdp-agent/agent.env'),
    });
    agent.start(5);
    try {
      const pending = await waitFor(
        async () => /"event":"pending-approval","clientId":"([^"]+)","message":"waiting for an administrator to approve this computer"/.exec(agent.output()) ?? undefined,
        60_000,
        'the agent to say it waits for approval',
      );
      const clientId = pending[1];
      // It keeps asking, and runs nothing meanwhile.
      await waitFor(async () => (agent.output().split('"pending-approval"').length > 2 ? true : undefined), 30_000, 'a second pending-approval');
      expect(runsOf(agent)).toEqual([]);
      expect(await sdp('client', 'show', clientId)).toMatch(/Approved\s+no/);

      expect(await sdp('client', 'approve', clientId)).toMatch(/Approved\s+yes/);
      await waitFor(async () => (runsOf(agent).length >= 1 ? true : undefined), 120_000, 'the approved agent to run the program').catch((error: Error) => {
        throw new Error(`${error.message}\nagent output:\n${agent.output().slice(-4000)}`);
      });
      expect(runsOf(agent)).toEqual(['ran 1.0']);
      const succeeded = await waitFor(
        async () => (await flow.status(advertisementId)).items.find((item) => item.clientId === clientId && item.deliveryState === 'SUCCEEDED'),
        60_000,
        'the approved agent to report SUCCEEDED',
      );
      expect(succeeded.exitCode).toBe(0);
      expect(agent.output()).not.toContain(created.secret);
    } finally {
      await agent.stop();
    }
  });
});
