import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentIdentity, TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, cycle, listObjects, runsOf, waitFor, writePackageFolder } from './flow';

// The whole flow on the real stack: four services as processes, 20 real agent processes posing
// as a mix of Windows, Linux and macOS computers, two S3Proxy DPs.
const OS_MIX: AgentIdentity['os'][] = [
  ...Array.from({ length: 8 }, () => ({ name: 'windows' as const, version: '10.0.19045', arch: 'x64' as const })),
  ...Array.from({ length: 7 }, () => ({ name: 'linux' as const, version: '6.1.0', arch: 'x64' as const })),
  ...Array.from({ length: 5 }, () => ({ name: 'macos' as const, version: '14.5', arch: 'arm64' as const })),
];

describe('the whole system, from a folder to 20 agents', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agents: TestAgent[];
  let packageId: string;
  let advertisementId: string;
  const folder = () => join(workDir, 'package');

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-flow-'));
    agents = OS_MIX.map(
      (os, index) =>
        new TestAgent(system, workDir, {
          name: `${os!.name}-${String(index).padStart(2, '0')}`,
          os,
          // Half the computers sit in DP 1's boundary, half in DP 2's.
          ipAddresses: [index % 2 === 0 ? `10.1.0.${index + 10}` : `10.2.0.${index + 10}`],
          inventory: { department: index % 3 === 0 ? 'Finance' : 'Engineering' },
        }),
    );
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const windowsAgents = () => agents.filter((agent) => agent.identity.os!.name === 'windows');
  const otherAgents = () => agents.filter((agent) => agent.identity.os!.name !== 'windows');

  it('distributes a real folder to two DPs', async () => {
    writePackageFolder(folder(), '1.0', { dataFiles: 6 });
    packageId = await flow.createPackage('Flow Tool', { version: '1.0', manufacturer: 'E2E' });
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    const uploaded = await flow.upload(packageId, folder());
    expect(uploaded).toMatchObject({ version: 1, fileCount: 8 });

    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.addDistributionPoint('dp2', 1, { boundaries: ['10.2.0.0/16'] });
    await flow.distribute(packageId, ['dp1', 'dp2']);
    const rows = await flow.installed(packageId, 1, ['dp1', 'dp2']);
    expect(rows.map((row) => row.state)).toEqual(['INSTALLED', 'INSTALLED']);
  });

  it('runs a mandatory ASAP advertisement on exactly the Windows computers of a query collection', async () => {
    await cycle(agents);
    const collectionId = await flow.queryCollection('Windows 10 and later', "os.name = 'windows' AND os.version >= '10.0'");
    await flow.waitForMembers(collectionId, 8);
    advertisementId = await flow.advertise({
      name: 'Flow Tool to Windows',
      packageId,
      program: 'Install',
      collectionId,
      mandatory: [{ type: 'asap' }],
      rerun: 'always',
    });

    await waitFor(
      async () => {
        await cycle(agents);
        return windowsAgents().every((agent) => runsOf(agent).length >= 1) ? true : undefined;
      },
      120_000,
      'every Windows agent to run the program',
      0,
    );
    const summary = await waitFor(
      async () => {
        const status = await flow.status(advertisementId);
        return status.summary.succeeded === 8 ? status : undefined;
      },
      20_000,
      'eight successes in the summary',
    );
    expect(summary.summary).toEqual({ targeted: 8, accepted: 8, waiting: 0, running: 0, succeeded: 8, failed: 0, timedOut: 0, notReported: 0 });
    expect(summary.items).toHaveLength(8);
    expect(summary.items.every((row) => row.deliveryState === 'SUCCEEDED' && row.exitCode === 0)).toBe(true);

    // Another cycle changes nothing: same version, already run; the others never got it.
    await cycle(agents);
    for (const agent of windowsAgents()) {
      expect(runsOf(agent)).toEqual(['ran 1.0']);
    }
    for (const agent of otherAgents()) {
      expect(runsOf(agent)).toEqual([]);
    }
  });

  it('replicates only what changed in a new version, in one trace from the upload to the DPs, and rerun: always runs it again', async () => {
    const dp1 = flow.dpBucket('dp1', 0);
    const before = (await listObjects(dp1.client, dp1.bucket)).filter((name) => name.includes('cas/'));

    writeFileSync(join(folder(), 'version.txt'), '2.0\n');
    writeFileSync(join(folder(), 'data', 'part-0.bin'), Buffer.alloc(70_000, 0xee));
    const traceId = randomBytes(16).toString('hex');
    const uploaded = await flow.upload(packageId, folder(), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(uploaded.version).toBe(2);
    await flow.installed(packageId, 2, ['dp1', 'dp2']);

    // The catalog's version event and replication's INSTALLED events of version 2 all carry the upload's trace.
    const traceOf = (payload: { traceparent?: string }) => payload.traceparent?.split('-')[1];
    const published = await system.sql<{ payload: { type: string; traceparent?: string } }>(
      'catalog',
      `SELECT payload FROM outbox_event WHERE payload->>'subject' = $1 AND payload->'data'->>'version' = '2'`,
      [packageId],
    );
    expect(published.length).toBeGreaterThan(0);
    expect(published.map((row) => traceOf(row.payload))).toEqual(published.map(() => traceId));
    const installedEvents = await system.sql<{ payload: { traceparent?: string } }>(
      'content-replication',
      `SELECT payload FROM outbox_event WHERE payload->>'subject' = $1 AND payload->'data'->>'state' = 'INSTALLED' AND payload->'data'->>'installedVersion' = '2'`,
      [packageId],
    );
    expect(installedEvents).toHaveLength(2);
    expect(installedEvents.map((row) => traceOf(row.payload))).toEqual([traceId, traceId]);

    const after = (await listObjects(dp1.client, dp1.bucket)).filter((name) => name.includes('cas/'));
    // Two files changed: exactly two new objects travelled to the DP.
    expect(after.filter((name) => !before.includes(name))).toHaveLength(2);

    await waitFor(
      async () => {
        await cycle(agents);
        return windowsAgents().every((agent) => runsOf(agent).length >= 2) ? true : undefined;
      },
      120_000,
      'every Windows agent to run version 2',
      0,
    );
    for (const agent of windowsAgents()) {
      expect(runsOf(agent)).toEqual(['ran 1.0', 'ran 2.0']);
    }
    for (const agent of otherAgents()) {
      expect(runsOf(agent)).toEqual([]);
    }
    const status = await waitFor(
      async () => {
        const current = await flow.status(advertisementId);
        return current.summary.succeeded === 8 && current.summary.running === 0 ? current : undefined;
      },
      20_000,
      'the summary after version 2',
    );
    expect(status.summary).toMatchObject({ targeted: 8, succeeded: 8, failed: 0, notReported: 0 });
  });
});
