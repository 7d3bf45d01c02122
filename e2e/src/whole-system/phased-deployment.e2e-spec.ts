import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutView } from '@sdp/contracts';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, cycle, runsOf, waitFor, writePackageFolder } from './flow';

const AGENTS = 8;
const RINGS = [25, 60, 100];

/** The ring rule, written out apart from the service's code: first 4 bytes of SHA-256(advertisement:client) mod 10000 against percent × 100. */
function phaseOf(advertisementId: string, clientId: string): number {
  const position = createHash('sha256').update(`${advertisementId}:${clientId.toLowerCase()}`).digest().readUInt32BE(0) % 10_000;
  return RINGS.findIndex((percent) => position < percent * 100) + 1;
}

// A three-ring rollout seen from real agents: the program fails on the agents of the second ring,
// the rollout pauses there by itself; a new source version fixes it, and after a resume the
// rollout goes on to its last ring and completes.
describe('a phased deployment with real agents', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let agents: TestAgent[];

  const rollout = (advertisementId: string) => flow.api.get<RolloutView>(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/rollout`);
  const rolloutWhere = (advertisementId: string, accept: (view: RolloutView) => boolean, what: string) =>
    waitFor(async () => {
      const view = await rollout(advertisementId);
      return accept(view) ? view : undefined;
    }, 60_000, what);

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-rollout-'));
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    agents = Array.from({ length: AGENTS }, (_, index) => new TestAgent(system, workDir, { name: `ring-${index}`, os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: [`10.1.0.${30 + index}`] }));
    await cycle(agents);
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('pauses in the ring where the program fails, and completes after a fixed version and a resume', async () => {
    const clients = await flow.api.get<{ items: { id: string; name: string }[] }>(`${system.urls.targeting}/api/v1/clients?limit=100`);
    const clientIdOf = new Map(agents.map((agent) => [agent, clients.items.find((client) => client.name === agent.identity.name)!.id]));
    const collection = await flow.api.post<{ id: string }>(`${system.urls.targeting}/api/v1/collections`, {
      name: 'Ring fleet',
      rules: [...clientIdOf.values()].map((clientId) => ({ type: 'direct', clientId })),
    });
    await flow.waitForMembers(collection.id, AGENTS);

    // Version 1 fails on the agents listed in a file the test writes once it knows the rings.
    const failList = join(workDir, 'failing-agents.txt');
    const folder = join(workDir, 'packages', 'ringed');
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    writeFileSync(
      join(folder, 'install.sh'),
      `#!/bin/sh\nme=$(basename "$RUN_LOG" .runs.log)\necho "ringed $(cat version.txt)" >> "$RUN_LOG"\n` +
        `if grep -qx "$me" "${failList}" 2>/dev/null; then exit 3; fi\nexit 0\n`,
      { mode: 0o755 },
    );
    const packageId = await flow.createPackage('Ringed');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);

    // Ring membership follows from the advertisement's ID: keep one whose rings each hold an agent.
    let advertisementId = '';
    let phases = new Map<TestAgent, number>();
    for (let attempt = 0; attempt < 30; attempt++) {
      advertisementId = await flow.advertise({
        name: `Ringed ${attempt}`,
        packageId,
        program: 'Install',
        collectionId: collection.id,
        mandatory: [{ type: 'asap' }],
        phases: RINGS.map((percent) => ({ type: 'percentage', percent })),
      });
      phases = new Map(agents.map((agent) => [agent, phaseOf(advertisementId, clientIdOf.get(agent)!)]));
      if ([1, 2, 3].every((phase) => [...phases.values()].includes(phase))) break;
      await flow.api.delete(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}`);
    }
    const inPhase = (phase: number) => agents.filter((agent) => phases.get(agent) === phase);
    expect(inPhase(1).length * inPhase(2).length * inPhase(3).length).toBeGreaterThan(0);
    writeFileSync(failList, inPhase(2).map((agent) => `${agent.identity.name}\n`).join(''));

    const opened = await rolloutWhere(advertisementId, (view) => view.openPhases === 1, 'ring 1 open');
    expect(opened.phases.map((phase) => phase.targeted)).toEqual([1, 2, 3].map((phase) => inPhase(phase).length));

    // Rings 2 and 3 are not offered it yet; ring 1 runs and succeeds, and the automatic gate opens
    // ring 2 (at once: agents of ring 2 polling in the same cycle could already run it).
    await cycle([...inPhase(2), ...inPhase(3)]);
    expect(agents.map((agent) => runsOf(agent).length)).toEqual(agents.map(() => 0));
    await cycle(inPhase(1));
    expect(agents.map((agent) => runsOf(agent).length)).toEqual(agents.map((agent) => (phases.get(agent) === 1 ? 1 : 0)));
    await rolloutWhere(advertisementId, (view) => view.openPhases === 2, 'ring 2 open');

    // Ring 2 fails: the rollout pauses by itself, with the reason; ring 3 gets nothing.
    await cycle(agents);
    const paused = await rolloutWhere(advertisementId, (view) => view.state === 'paused', 'paused on ring 2 failures');
    expect(paused.openPhases).toBe(2);
    // The first failure already reaches 5 %: it pauses then, whatever the rest of the ring did.
    expect(paused.reason).toMatch(new RegExp(`^phase 2: \\d+ of ${inPhase(2).length} clients failed \\([\\d.]+ %\\), threshold 5 %$`));
    await cycle(agents);
    expect(inPhase(3).map((agent) => runsOf(agent).length)).toEqual(inPhase(3).map(() => 0));
    expect((await rollout(advertisementId)).state).toBe('paused');

    // A fixed source version, then a resume: ring 2 runs it again and succeeds, ring 3 opens and completes the rollout.
    writePackageFolder(folder, '2.0', { marker: 'ringed', dataFiles: 1 });
    expect((await flow.upload(packageId, folder)).version).toBe(2);
    await flow.installed(packageId, 2, ['dp1']);
    const resumed = await flow.api.post<RolloutView>(`${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/rollout/resume`);
    expect(resumed.state).toBe('active');
    await cycle(agents);
    await rolloutWhere(advertisementId, (view) => view.openPhases === 3, 'ring 3 open');
    await cycle(agents);
    const completed = await rolloutWhere(advertisementId, (view) => view.state === 'completed', 'completed');
    // (Ring 1 answers version 2 with WILL_NOT_RERUN: rerun if-failed, and its last run succeeded.)
    expect(completed.phases.slice(1).map((phase) => phase.succeeded)).toEqual([2, 3].map((phase) => inPhase(phase).length));
    expect(inPhase(1).map((agent) => runsOf(agent))).toEqual(inPhase(1).map(() => ['ringed 1.0']));
    expect(inPhase(2).map((agent) => runsOf(agent))).toEqual(inPhase(2).map(() => ['ringed 1.0', 'ringed 2.0']));
    expect(inPhase(3).map((agent) => runsOf(agent))).toEqual(inPhase(3).map(() => ['ringed 2.0']));
  }, 600_000);
});
