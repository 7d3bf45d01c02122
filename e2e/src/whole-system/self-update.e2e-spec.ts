import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor } from './flow';

const root = join(__dirname, '../../..');
/** Built by the e2e global setup: the agent as installed (version N). */
const INSTALLED_BUILD = join(root, 'dist/agent-executables/sdp-agent-linux-x64');
const VERSION: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const NEXT = `${VERSION}-next`;
const POLL_SECONDS = 3600;

interface StatusRow {
  clientId: string;
  deliveryState: string | null;
  detail?: string | null;
}

interface Published {
  packageId: string;
  agentVersion: string;
  advertisements: string[];
}

/**
 * Self-update through the product, with the real Linux x64 executable under its supervisor (what
 * the installers' services run): `sdp agent publish-update` puts version N+1 into the catalog,
 * distributes and advertises it; the agent at N stages it, restarts as N+1 and reports it. Then an
 * update whose executable exits at once is rolled back to N+1, which reports the failure.
 */
describe('agent self-update through the product', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agent: TestAgent | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-self-update-'));
    // Version N+1: the same agent built as another version into its own folder; the bundle of the
    // other tests is built again as N (from Nx's cache).
    const build = { cwd: root, stdio: 'pipe' as const, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } };
    execFileSync(process.execPath, [join(root, 'tools/agent-build/build-agent.mjs'), '--platform', 'linux-x64', '--output', join(workDir, 'next')], {
      ...build,
      env: { ...build.env, SDP_AGENT_VERSION: NEXT },
    });
    execFileSync(join(root, 'node_modules/.bin/nx'), ['run', 'agent:build', '--output-style=static'], build);
    system = await startSystem();
    flow = new AdminFlow(system);
  });

  afterAll(async () => {
    await agent?.stop();
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  function versionOf(executable: string): string {
    return execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim();
  }

  async function publish(folder: string, collectionId: string): Promise<Published> {
    const run = await runSdp(['agent', 'publish-update', folder, '--dp', 'dp1', '--collection', collectionId, '--json'], sdpEnvironment(system));
    if (run.code !== 0) throw new Error(`sdp agent publish-update failed (${run.code}): ${run.stderr}`);
    return JSON.parse(run.stdout) as Published;
  }

  async function finalRow(advertisementId: string): Promise<StatusRow> {
    return waitFor(
      async () => {
        const status = await flow.status(advertisementId);
        const row = (status.items as StatusRow[]).find((candidate) => candidate.deliveryState === 'SUCCEEDED' || candidate.deliveryState === 'FAILED');
        return row;
      },
      150_000,
      `a final state for ${advertisementId}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nagent output:\n${agent?.output().slice(-4000)}`);
    });
  }

  it('takes version N+1 as a package, restarts as it and reports it; an update that exits at once is rolled back', async () => {
    const bin = join(workDir, 'bin');
    mkdirSync(bin, { recursive: true });
    const executable = join(bin, 'sdp-agent');
    copyFileSync(INSTALLED_BUILD, executable);
    chmodSync(executable, 0o755);
    expect(versionOf(executable)).toBe(VERSION);

    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.0.0.0/8'] });
    const department = `SelfUpdate-${system.runId}`;
    const collectionId = await flow.queryCollection(`Self-update ${system.runId}`, `inventory.department = '${department}'`);
    agent = new TestAgent(system, workDir, { name: 'update-pc', ipAddresses: ['10.1.0.95'], inventory: { department } }, undefined, { executable });
    agent.start(POLL_SECONDS, ['supervise']);
    await flow.waitForMembers(collectionId, 1, 60_000);

    const update = await publish(join(workDir, 'next'), collectionId);
    expect(update.agentVersion).toBe(NEXT);
    const updated = await finalRow(update.advertisements[0]);
    expect(updated).toMatchObject({ deliveryState: 'SUCCEEDED' });
    expect(versionOf(executable)).toBe(NEXT);
    expect(versionOf(`${executable}.previous`)).toBe(VERSION);
    const client = await flow.api.get<{ inventory: { agentVersion?: string } }>(`${system.urls.targeting}/api/v1/clients/${updated.clientId}`);
    expect(client.inventory.agentVersion).toBe(NEXT);

    // An update whose executable answers --version but exits at once as the service.
    const broken = join(workDir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'sdp-agent-linux-x64'), '#!/bin/sh\n[ "$1" = --version ] && echo 9.9.9 && exit 0\nexit 1\n', { mode: 0o755 });
    const brokenUpdate = await publish(broken, collectionId);
    const refused = await finalRow(brokenUpdate.advertisements[0]);
    expect(refused).toMatchObject({ deliveryState: 'FAILED' });
    expect(versionOf(executable)).toBe(NEXT);
    const history = await flow.api.get<{ items: { state: string; detail: string | null }[] }>(
      `${system.urls.advertisement}/api/v1/advertisements/${brokenUpdate.advertisements[0]}/status/clients/${refused.clientId}/history?limit=100`,
    );
    expect(history.items.find((entry) => entry.state === 'FAILED')?.detail).toBe(
      `agent update to 9.9.9 failed, version ${NEXT} runs: it exited with code 1 before reporting in`,
    );
    expect(agent.output()).toMatch(/agent update to 9\.9\.9 rolled back to [^:]+: it exited with code 1 before reporting in/);
  });
});
