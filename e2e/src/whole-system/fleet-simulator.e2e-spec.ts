import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet, FleetOptions, summaryLine } from '@sdp/agent/test-support';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor, writePackageFolder } from './flow';

// The fleet simulator against the four services as processes: simulated agents register with the
// agent's own key code, land in a query collection on their synthetic inventory, get an
// advertisement through their policy polls and report the scripted outcome.
describe('the fleet simulator against the whole system', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let packageId: string;
  const fleets: Fleet[] = [];
  /** Registration and cold policies are slow on a loaded machine: each case gets more patience than the suite's default. */
  const PATIENCE_MS = 300_000;

  const fleetOf = (outcome: FleetOptions['outcome'], more: Partial<FleetOptions> = {}): Fleet => {
    const fleet = new Fleet({
      ...more,
      urls: { targeting: system.urls.targeting, advertisement: system.urls.advertisement, replication: system.urls.replication },
      enrollmentSecret: system.enrollmentSecret,
      pollSeconds: 2,
      runSeconds: 0.2,
      registerConcurrency: 16,
      outcome,
    });
    fleets.push(fleet);
    return fleet;
  };

  /** Starts the fleet's agents and advertises the package to the query collection of exactly them. */
  const advertiseTo = async (fleet: Fleet, count: number, advertised = packageId): Promise<string> => {
    await fleet.start(count);
    await fleet.whenRegistered(120_000);
    const collectionId = await flow.queryCollection(`simulated ${fleet.name}`, `inventory.fleet = '${fleet.name}'`);
    await flow.waitForMembers(collectionId, count, 60_000);
    return flow.advertise({ name: `Fleet Tool to ${fleet.name}`, packageId: advertised, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] });
  };

  /**
   * Waits for the status summary to satisfy `done`; on a timeout the error says where the fleet and
   * the service stood (last summary, the fleet's own view of the advertisement and its requests), so
   * a stall can be told from slowness in the kept log.
   */
  const waitForSummary = async (fleet: Fleet, advertisementId: string, done: (summary: Record<string, number>) => boolean, what: string) => {
    let last: unknown;
    try {
      return await waitFor(
        async () => {
          const answer = await flow.status(advertisementId);
          last = answer.summary;
          return done(answer.summary as unknown as Record<string, number>) ? answer : undefined;
        },
        120_000,
        what,
      );
    } catch (error) {
      const stats = fleet.stats();
      throw new Error(
        `${(error as Error).message}; last summary ${JSON.stringify(last)}; fleet: ${summaryLine(stats)}; ` +
          `advertisement ${JSON.stringify(stats.advertisements[advertisementId] ?? null)}; requests ${JSON.stringify(stats.requests)}; errors ${JSON.stringify(stats.errors)}`,
      );
    }
  };

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    // No source: the simulated runner runs nothing, so there is no content to fetch.
    packageId = await flow.createPackage('Fleet Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'install.cmd', maxRunTimeMinutes: 5 });
  });

  afterAll(async () => {
    await Promise.all(fleets.map((fleet) => fleet.stop()));
    await system?.stop();
  });

  it('50 simulated agents register, get an advertisement to a collection of them and report SUCCEEDED', async () => {
    const fleet = fleetOf({ kind: 'succeed' });
    const advertisementId = await advertiseTo(fleet, 50);

    const status = await waitForSummary(fleet, advertisementId, (summary) => summary.succeeded === 50, '50 SUCCEEDED in the status summary');
    expect(status.summary).toMatchObject({ targeted: 50, accepted: 50, succeeded: 50, failed: 0, running: 0, notReported: 0 });
    expect(status.items.every((item) => item.deliveryState === 'SUCCEEDED' && item.exitCode === 0)).toBe(true);

    const stats = fleet.stats();
    expect(stats.agentStates).toEqual({ registered: 50 });
    expect(stats.advertisements[advertisementId]).toEqual({ SUCCEEDED: 50 });
    expect(stats.requests['register 201']).toBe(50);
    expect(stats.requests['policy 200']).toBeGreaterThanOrEqual(100);
    expect(stats.requests['policy 304']).toBeGreaterThan(0);
    expect(stats.errors).toEqual({});
    const times = fleet.timesOf(advertisementId);
    expect(new Set(times.map((time) => time.clientId))).toEqual(new Set(status.items.map((item) => item.clientId)));
    for (const time of times) {
      expect(time.acceptedAt).toBeGreaterThanOrEqual(time.seenAt);
      expect(time.finalAt).toBeGreaterThanOrEqual(time.acceptedAt!);
    }
    const memory = fleet.memory();
    expect(memory.agents).toBe(50);
  }, PATIENCE_MS);

  it('with outcome fail:3 they report FAILED with exit code 3', async () => {
    const fleet = fleetOf({ kind: 'fail', exitCode: 3 });
    const advertisementId = await advertiseTo(fleet, 50);

    const status = await waitForSummary(fleet, advertisementId, (summary) => summary.failed === 50, '50 FAILED in the status summary');
    expect(status.summary).toMatchObject({ targeted: 50, accepted: 50, succeeded: 0, failed: 50 });
    expect(status.items.map((item) => [item.deliveryState, item.exitCode])).toEqual(Array.from({ length: 50 }, () => ['FAILED', 3]));
    expect(fleet.stats().advertisements[advertisementId]).toEqual({ FAILED: 50 });
  }, PATIENCE_MS);

  it('a run scripted to hang stays RUNNING, without a final state', async () => {
    const fleet = fleetOf({ kind: 'hang' });
    const advertisementId = await advertiseTo(fleet, 5);

    const status = await waitFor(
      async () => {
        const answer = await flow.status(advertisementId);
        return answer.summary.running === 5 ? answer : undefined;
      },
      120_000,
      '5 RUNNING in the status summary',
    );
    // Several poll intervals later, still no final state.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await flow.status(advertisementId)).summary).toMatchObject({ targeted: 5, running: 5, succeeded: 0, failed: 0 });
    expect(status.items.every((item) => item.deliveryState === 'RUNNING')).toBe(true);
    expect(fleet.stats().advertisements[advertisementId]).toEqual({ RUNNING: 5 });
  }, PATIENCE_MS);

  it('with content on, downloads and verifies the package from the DP of its boundary before it runs', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-fleet-'));
    try {
      writePackageFolder(join(workDir, 'package'), '1.0', { dataFiles: 2 });
      const withSource = await flow.createPackage('Fleet Tool with files');
      await flow.addProgram(withSource, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
      await flow.upload(withSource, join(workDir, 'package'));
      await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
      await flow.distribute(withSource, ['dp1']);
      await flow.installed(withSource, 1, ['dp1']);
      const contentRoot = join(workDir, 'content');
      const fleet = fleetOf(
        { kind: 'succeed' },
        { content: { root: contentRoot }, inventory: (index, document) => ({ ...document, ipAddresses: [`10.1.7.${index + 1}`] }) },
      );
      const advertisementId = await advertiseTo(fleet, 3, withSource);

      await waitFor(
        async () => ((await flow.status(advertisementId)).summary.succeeded === 3 ? true : undefined),
        120_000,
        '3 SUCCEEDED after their downloads',
      );
      const stats = fleet.stats();
      expect(stats.requests['content-grant 200']).toBe(3);
      expect(stats.requests['content-locations 200']).toBe(3);
      expect(stats.errors).toEqual({});
      // Each agent's own cache holds the verified package.
      for (const agent of [0, 1, 2]) {
        expect(existsSync(join(contentRoot, `agent-${agent}`))).toBe(true);
        expect(readdirSync(join(contentRoot, `agent-${agent}`)).length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, PATIENCE_MS);
});
