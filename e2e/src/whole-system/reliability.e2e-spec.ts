import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { RunningSystem, SERVICE_NAMES, ServiceName, startSystem } from '../system';
import { AdminFlow, cycle, runsOf, waitFor, writePackageFolder } from './flow';

const root = join(__dirname, '../../..');

/** Stops or starts one part of the local stack (kafka, s3-9101, s3-9102) as an outage would. */
function stack(action: 'up' | 'down', part: string): void {
  execFileSync('node', [join(root, 'tools/stack/stack.mjs'), action, '--only', part], { cwd: root, stdio: 'pipe' });
}

// quality.md's reliability cases on the whole system: each service killed (-9) mid-flow, Kafka
// restarted mid-flow, a DP down and back. Every time the flow finishes, nothing is lost and
// nothing runs twice.
describe('the whole system through failures', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agents: TestAgent[];
  let packageId: string;
  let advertisementId: string;
  const folder = () => join(workDir, 'package');
  const windowsAgents = () => agents.filter((agent) => agent.identity.os!.name === 'windows');
  const linuxAgents = () => agents.filter((agent) => agent.identity.os!.name === 'linux');

  const restart = async (service: ServiceName) => {
    await system.kill(service, 'SIGKILL');
    await system.start(service);
  };

  const everyWindowsAgentRan = (version: string) =>
    waitFor(
      async () => {
        await cycle(agents);
        return windowsAgents().every((agent) => runsOf(agent).includes(`ran ${version}`)) ? true : undefined;
      },
      180_000,
      `every Windows agent to run ${version}`,
      500,
    );

  const expectRunsExactly = (versions: string[]) => {
    for (const agent of windowsAgents()) expect(runsOf(agent)).toEqual(versions.map((version) => `ran ${version}`));
    for (const agent of linuxAgents()) expect(runsOf(agent)).toEqual([]);
  };

  beforeAll(async () => {
    // A killed service's consumers hold their partitions for the session timeout once it is back.
    system = await startSystem({ consumerSessionTimeoutMs: 10_000 });
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-reliability-'));
    agents = [0, 1, 2, 3].map(
      (index) =>
        new TestAgent(system, workDir, {
          name: `${index < 2 ? 'win' : 'lin'}-${index}`,
          os: index < 2 ? { name: 'windows', version: '10.0.19045', arch: 'x64' } : { name: 'linux', version: '6.1.0', arch: 'x64' },
          ipAddresses: [index % 2 === 0 ? `10.1.0.${index + 30}` : `10.2.0.${index + 30}`],
        }),
    );
  });

  afterAll(async () => {
    // Whatever a failed case left down comes back for the suites after this one.
    stack('up', 'kafka');
    stack('up', 's3-9102');
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('finishes the flow when each service is killed (-9) once in the middle of its part', async () => {
    writePackageFolder(folder(), '1.0', { dataFiles: 12 });
    packageId = await flow.createPackage('Sturdy Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder());
    // The version event may still sit in catalog's outbox: the relay must send it after the restart.
    await restart('catalog');

    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.addDistributionPoint('dp2', 1, { boundaries: ['10.2.0.0/16'] });
    await flow.distribute(packageId, ['dp1', 'dp2']);
    // Copies are queued or under way: leases lapse and the queue resumes after the restart.
    await restart('content-replication');
    await flow.installed(packageId, 1, ['dp1', 'dp2'], 120_000);

    await cycle(agents);
    await restart('targeting');
    const collectionId = await flow.queryCollection('Windows computers', "os.name = 'windows'");
    await flow.waitForMembers(collectionId, 2, 60_000);

    advertisementId = await flow.advertise({
      name: 'Sturdy Tool to Windows',
      packageId,
      program: 'Install',
      collectionId,
      mandatory: [{ type: 'asap' }],
      rerun: 'always',
      slowNetwork: 'download',
    });
    await restart('advertisement');
    await everyWindowsAgentRan('1.0');

    const status = await waitFor(
      async () => {
        const current = await flow.status(advertisementId);
        return current.summary.succeeded === 2 ? current : undefined;
      },
      30_000,
      'two successes',
    );
    expect(status.summary).toEqual({ targeted: 2, accepted: 2, waiting: 0, running: 0, succeeded: 2, failed: 0, timedOut: 0, notReported: 0 });
    await cycle(agents);
    expectRunsExactly(['1.0']);

    // Nothing happened twice: one source version, one row per DP at that version, one run and
    // one SUCCEEDED report per computer.
    const versions = await system.sql<{ version: number }>('catalog', `SELECT version FROM source_version WHERE package_id = $1`, [packageId]);
    expect(versions).toEqual([{ version: 1 }]);
    const rows = await system.sql<{ distribution_point: string; installed_version: number }>(
      'content-replication',
      `SELECT distribution_point, installed_version FROM package_distribution WHERE package_id = $1 ORDER BY distribution_point`,
      [packageId],
    );
    expect(rows).toEqual([
      { distribution_point: 'dp1', installed_version: 1 },
      { distribution_point: 'dp2', installed_version: 1 },
    ]);
    const successes = await system.sql<{ successes: number }>(
      'advertisement',
      `SELECT count(*)::int AS successes FROM client_status_report WHERE advertisement_id = $1 AND state = 'SUCCEEDED' GROUP BY client_id`,
      [advertisementId],
    );
    expect(successes).toEqual([{ successes: 1 }, { successes: 1 }]);
  });

  it('finishes the flow when Kafka restarts in the middle of it', async () => {
    writeFileSync(join(folder(), 'version.txt'), '2.0\n');
    const uploaded = await flow.upload(packageId, folder());
    stack('down', 'kafka');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    stack('up', 'kafka');

    await waitFor(
      async () => {
        system.assertRunning();
        const rows = await flow.rows(packageId);
        return rows.length === 2 && rows.every((row) => row.state === 'INSTALLED' && row.installedVersion === uploaded.version) ? true : undefined;
      },
      150_000,
      `version ${uploaded.version} installed on both DPs after the Kafka restart`,
    );
    await everyWindowsAgentRan('2.0');
    await cycle(agents);
    expectRunsExactly(['1.0', '2.0']);
    for (const service of SERVICE_NAMES) {
      expect(system.services[service].child.exitCode).toBeNull();
    }
  }, 300_000);

  it('keeps a DP that is down retrying while the other serves, and installs it once it is back', async () => {
    stack('down', 's3-9102');
    writeFileSync(join(folder(), 'version.txt'), '3.0\n');
    const uploaded = await flow.upload(packageId, folder());
    await flow.installed(packageId, uploaded.version, ['dp1'], 120_000);
    const retrying = await waitFor(
      async () => {
        const rows = await flow.rows(packageId);
        const dp2 = rows.find((row) => row.distributionPoint === 'dp2');
        return dp2?.state === 'INSTALL_RETRYING' ? dp2 : undefined;
      },
      60_000,
      'dp2 retrying',
    );
    expect(retrying.lastError).toBeTruthy();
    // Computers near the DP that is down fetch from the other one meanwhile.
    await everyWindowsAgentRan('3.0');

    stack('up', 's3-9102');
    const rows = await flow.installed(packageId, uploaded.version, ['dp1', 'dp2'], 120_000);
    expect(rows.every((row) => row.state === 'INSTALLED')).toBe(true);
    await cycle(agents);
    expectRunsExactly(['1.0', '2.0', '3.0']);
  });
});
