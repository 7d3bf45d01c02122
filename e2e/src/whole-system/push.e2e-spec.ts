import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet } from '@sdp/agent/test-support';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, runsOf, waitFor, writePackageFolder } from './flow';

const SIMULATED = 1000;
const REAL = 2;
/** Far longer than the test: only push can bring the deployment. */
const POLL_SECONDS = 3600;

/** Streams the advertisement service holds open now (its metric). */
async function openStreams(system: RunningSystem): Promise<number> {
  const text = await (await fetch(`${system.urls.advertisement}/metrics`)).text();
  return Number(/^sdp_push_streams_open(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

// Push to online agents: 1,000 simulated agents (each with the agent's own notification channel)
// and two real agents, all polling only every hour, hold their streams; a mandatory advertisement
// to all of them reaches every one and ends SUCCEEDED, which no poll could have brought.
describe('push: a deployment reaches online agents without their polls', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let fleet: Fleet | undefined;
  const agents: TestAgent[] = [];

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-push-'));
  });

  afterAll(async () => {
    await fleet?.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it(`${SIMULATED} simulated and ${REAL} real agents polling hourly get a new advertisement through push`, async () => {
    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    const packageId = await flow.createPackage('Push Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.0.0.0/8'] });
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Push-${system.runId}`;
    const collectionId = await flow.queryCollection(`Push ${system.runId}`, `inventory.department = '${department}'`);

    fleet = new Fleet({
      urls: { targeting: system.urls.targeting, advertisement: system.urls.advertisement, replication: system.urls.replication },
      enrollmentSecret: system.enrollmentSecret,
      inventory: (_, document) => ({ ...document, inventory: { ...document.inventory, department } }),
      push: true,
      pollSeconds: POLL_SECONDS,
      runSeconds: 0.2,
      registerConcurrency: 32,
    });
    await fleet.start(SIMULATED);
    for (let index = 0; index < REAL; index += 1) {
      const agent = new TestAgent(system, workDir, { name: `push-pc-${index}`, ipAddresses: [`10.1.0.${70 + index}`], inventory: { department } });
      agents.push(agent);
      agent.start(POLL_SECONDS);
    }
    await fleet.whenRegistered(240_000);
    // Counted in targeting's database: the members API pages by 100.
    await waitFor(
      async () => {
        const [{ members }] = await system.sql<{ members: number }>('targeting', 'SELECT count(*)::int AS members FROM collection_member WHERE collection_id = $1', [collectionId]);
        return members === SIMULATED + REAL ? true : undefined;
      },
      120_000,
      `${SIMULATED + REAL} members of the collection`,
    );
    await waitFor(async () => ((await openStreams(system)) >= SIMULATED + REAL ? true : undefined), 120_000, 'every agent to hold its stream');
    // Every agent has polled once (its first cycle); from now on only push brings news.
    await waitFor(async () => (agents.every((agent) => /"event":"service-start"/.test(agent.output())) ? true : undefined), 60_000, 'the real agents to start');
    // An agent opens its stream and starts its first poll together: the stream can be counted first.
    const pollsBefore = await waitFor(
      async () => {
        const polls = fleet?.stats().requests['policy 200'] ?? 0;
        return polls >= SIMULATED ? polls : undefined;
      },
      60_000,
      `${SIMULATED} first polls`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nfleet: ${JSON.stringify(fleet?.stats())}`);
    });

    const advertisementId = await flow.advertise({ name: 'Push Tool', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] });
    const status = await waitFor(
      async () => {
        const answer = await flow.status(advertisementId);
        return answer.summary.succeeded === SIMULATED + REAL ? answer : undefined;
      },
      180_000,
      `${SIMULATED + REAL} SUCCEEDED in the status summary`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nfleet: ${JSON.stringify(fleet?.stats())}\nagent output:\n${agents[0].output().slice(-3000)}`);
    });
    expect(status.summary).toMatchObject({ targeted: SIMULATED + REAL, succeeded: SIMULATED + REAL, failed: 0 });
    for (const agent of agents) {
      expect(runsOf(agent)).toEqual(['ran 1.0']);
      expect(agent.output()).toMatch(/"event":"push-notified".*"poll":true/);
      // The event carried the policy: the agent stored it without fetching.
      expect(agent.output()).toMatch(/"event":"policy".*"pushed":true/);
    }
    const stats = fleet.stats();
    expect(stats.advertisements[advertisementId]).toEqual({ SUCCEEDED: SIMULATED });
    // The push events carried the changed policy: most agents fetched nothing (one that was polling when its event came fetches once).
    expect((stats.requests['policy 200'] ?? 0) - pollsBefore).toBeLessThan(SIMULATED / 2);
  }, 600_000);
});
