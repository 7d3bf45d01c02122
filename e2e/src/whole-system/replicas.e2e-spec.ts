import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { RunningSystem, SERVICE_NAMES, startSystem } from '../system';
import { AdminFlow, cycle, runsOf, waitFor, writePackageFolder } from './flow';

// Every service with two replicas on the same PostgreSQL, Kafka and S3, behind a round-robin load
// balancer that agents and the admin reach them through. One replica of each is killed (-9)
// mid-flow; the flow finishes on the others with nothing lost and nothing applied twice.
describe('the whole system with two replicas of every service', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agents: TestAgent[];
  const windowsAgents = () => agents.filter((agent) => agent.identity.os!.name === 'windows');
  const linuxAgents = () => agents.filter((agent) => agent.identity.os!.name === 'linux');

  beforeAll(async () => {
    // The killed replicas hold their partitions for the session timeout before the survivors take them.
    system = await startSystem({ replicas: 2, consumerSessionTimeoutMs: 10_000 });
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-replicas-'));
    agents = [0, 1, 2, 3, 4, 5].map(
      (index) =>
        new TestAgent(system, workDir, {
          name: `${index < 4 ? 'win' : 'lin'}-${index}`,
          os: index < 4 ? { name: 'windows', version: '10.0.19045', arch: 'x64' } : { name: 'linux', version: '6.1.0', arch: 'x64' },
          ipAddresses: [index % 2 === 0 ? `10.1.0.${index + 40}` : `10.2.0.${index + 40}`],
        }),
    );
  }, 600_000);

  afterAll(async () => {
    await Promise.all((agents ?? []).map((agent) => agent.stop()));
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('finishes the flow when one replica of each service is killed (-9) in the middle of it', async () => {
    writePackageFolder(join(workDir, 'package'), '1.0', { dataFiles: 24 });
    const packageId = await flow.createPackage('Replicated Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, join(workDir, 'package'));
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.addDistributionPoint('dp2', 1, { boundaries: ['10.2.0.0/16'] });
    await flow.distribute(packageId, ['dp1', 'dp2']);

    // Every agent registers and reports its inventory, each request to either replica.
    await cycle(agents, 3);
    const collectionId = await flow.queryCollection('Windows computers', "os.name = 'windows'");
    await flow.waitForMembers(collectionId, 4, 60_000);
    const advertisementId = await flow.advertise({
      name: 'Replicated Tool to Windows',
      packageId,
      program: 'Install',
      collectionId,
      mandatory: [{ type: 'asap' }],
      rerun: 'never',
      slowNetwork: 'download',
    });
    for (const agent of agents) agent.start(2);
    expect((await flow.status(advertisementId)).summary.succeeded).toBe(0);
    // Metering has no part in this flow: an administrator's rule and lists reach both its replicas.
    const admin = { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' };
    const rule = await fetch(`${system.urls.metering}/api/v1/metering/rules`, { method: 'POST', headers: admin, body: JSON.stringify({ productName: 'Replicated Tool', fileName: 'tool' }) });
    expect(rule.status).toBe(201);
    for (let request = 0; request < 3; request++) expect((await fetch(`${system.urls.metering}/api/v1/metering/rules`, { headers: admin })).status).toBe(200);

    // Mid-flow: the copies to the DPs, the advertisement's events and the agents' polls, downloads
    // and reports are under way. One replica of each service dies without a word.
    await Promise.all(SERVICE_NAMES.map((name) => system.killReplica(name, 0, 'SIGKILL')));
    for (const name of SERVICE_NAMES) expect(await system.replicas[name][0].exited).toEqual({ code: null, signal: 'SIGKILL' });

    const status = await waitFor(
      async () => {
        system.assertRunning();
        const current = await flow.status(advertisementId);
        return current.summary.succeeded === 4 ? current : undefined;
      },
      150_000,
      'four successes on the surviving replicas',
      1000,
    );
    await Promise.all(agents.map((agent) => agent.stop()));
    expect(status.summary).toEqual({ targeted: 4, accepted: 4, waiting: 0, running: 0, succeeded: 4, failed: 0, timedOut: 0, notReported: 0 });

    // Every Windows computer ran the program once, no Linux computer did.
    for (const agent of windowsAgents()) expect(runsOf(agent)).toEqual(['ran 1.0']);
    for (const agent of linuxAgents()) expect(runsOf(agent)).toEqual([]);

    // Nothing was applied twice: one SUCCEEDED report per computer, one source version, the package
    // distributed once per DP, the advertisement's copy of the membership exactly targeting's.
    const successes = await system.sql<{ successes: number }>(
      'advertisement',
      `SELECT count(*)::int AS successes FROM client_status_report WHERE advertisement_id = $1 AND state = 'SUCCEEDED' GROUP BY client_id`,
      [advertisementId],
    );
    expect(successes).toEqual([{ successes: 1 }, { successes: 1 }, { successes: 1 }, { successes: 1 }]);
    expect(await system.sql('catalog', `SELECT version FROM source_version WHERE package_id = $1`, [packageId])).toEqual([{ version: 1 }]);
    expect(
      await system.sql(
        'content-replication',
        `SELECT distribution_point, installed_version, state FROM package_distribution WHERE package_id = $1 ORDER BY distribution_point`,
        [packageId],
      ),
    ).toEqual([
      { distribution_point: 'dp1', installed_version: 1, state: 'INSTALLED' },
      { distribution_point: 'dp2', installed_version: 1, state: 'INSTALLED' },
    ]);
    const targetingMembers = await system.sql<{ client_id: string }>('targeting', `SELECT client_id::text FROM collection_member WHERE collection_id = $1 ORDER BY 1`, [
      collectionId,
    ]);
    expect(targetingMembers).toHaveLength(4);
    const [{ membership_version: targetingVersion }] = await system.sql<{ membership_version: number }>(
      'targeting',
      `SELECT membership_version FROM collection WHERE id = $1`,
      [collectionId],
    );
    await waitFor(
      async () => {
        const copied = await system.sql<{ client_id: string }>('advertisement', `SELECT client_id::text FROM collection_member WHERE collection_id = $1 ORDER BY 1`, [
          collectionId,
        ]);
        const [state] = await system.sql<{ membership_version: number }>('advertisement', `SELECT membership_version FROM collection_membership_state WHERE collection_id = $1`, [
          collectionId,
        ]);
        return JSON.stringify(copied) === JSON.stringify(targetingMembers) && state?.membership_version === targetingVersion ? true : undefined;
      },
      30_000,
      "advertisement's copy of the membership to equal targeting's",
    );

    // The surviving relays published every event: no service's outbox holds an unpublished row.
    await waitFor(
      async () => {
        const counts = await Promise.all(
          SERVICE_NAMES.map(async (name) => (await system.sql<{ unpublished: number }>(name, `SELECT count(*)::int AS unpublished FROM outbox_event WHERE published_at IS NULL`))[0].unpublished),
        );
        return counts.every((count) => count === 0) ? true : undefined;
      },
      30_000,
      'every outbox to be published',
    );

    // Agents saw nothing worse than the connections the kill cut.
    for (const name of SERVICE_NAMES) {
      const proxy = system.proxies![name];
      expect({ service: name, serverErrors: proxy.serverErrors() }).toEqual({ service: name, serverErrors: [] });
      // Both replicas answered before the kill.
      expect(new Set(proxy.answers.map((answer) => answer.backend)).size).toBe(2);
    }
    system.assertRunning();
  }, 300_000);
});
