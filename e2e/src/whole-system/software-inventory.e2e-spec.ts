import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor } from './flow';

interface Software {
  name: string;
  version: string | null;
  publisher: string | null;
  source: string;
}

/**
 * Installed software through the whole system: a real agent on this Debian machine reports its
 * dpkg packages in `inventory.software`, an agent posing as Windows reports only what its
 * inventory file gives, and query collections on `inventory.software.name` select each.
 */
describe('installed software in the inventory', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-software-'));
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const clientOf = (agent: TestAgent) => {
    const { clientId } = JSON.parse(readFileSync(join(agent.dataDir, 'identity.json'), 'utf8')) as { clientId: string };
    return flow.api.get<{ id: string; inventory: { software?: Software[] } }>(`${system.urls.targeting}/api/v1/clients/${clientId}`);
  };

  const membersOf = async (collectionId: string, expected: string[]) =>
    waitFor(
      async () => {
        const members = await flow.api.get<{ items: { id: string }[] }>(`${system.urls.targeting}/api/v1/collections/${collectionId}/members?limit=100`);
        const ids = members.items.map((member) => member.id).sort();
        return JSON.stringify(ids) === JSON.stringify([...expected].sort()) ? ids : undefined;
      },
      30_000,
      `members ${expected.join(', ')} of ${collectionId}`,
    );

  it('reports the packages of the real system, none of them when posing, and collections select by software name', async () => {
    const department = `Software-${system.runId}`;
    const posedName = `E2E Tool ${system.runId}`;
    const real = new TestAgent(system, workDir, { name: `software-lin-${system.runId}`, inventory: { department } });
    const posing = new TestAgent(system, workDir, {
      name: `software-win-${system.runId}`,
      os: { name: 'windows', version: '10.0.22631', arch: 'x64' },
      inventory: { department, software: [{ name: posedName, version: '1.0', publisher: 'E2E', source: 'windows-registry' }] },
    });
    for (const agent of [real, posing]) {
      const run = await agent.once();
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    }

    const realClient = await clientOf(real);
    const software = realClient.inventory.software ?? [];
    expect(software.find((entry) => entry.name === 'dpkg')).toEqual({ name: 'dpkg', version: expect.stringMatching(/^\d/), publisher: expect.any(String), source: 'dpkg' });
    expect(software.every((entry) => entry.source === 'dpkg' || entry.source === 'rpm')).toBe(true);
    const posingClient = await clientOf(posing);
    expect(posingClient.inventory.software).toEqual([{ name: posedName, version: '1.0', publisher: 'E2E', source: 'windows-registry' }]);

    const withDpkg = await flow.queryCollection(`With dpkg ${system.runId}`, `inventory.department = '${department}' AND inventory.software.name = 'dpkg'`);
    const withTool = await flow.queryCollection(`With tool ${system.runId}`, `inventory.department = '${department}' AND inventory.software.name = '${posedName}'`);
    const withNothing = await flow.queryCollection(`With nothing ${system.runId}`, `inventory.department = '${department}' AND inventory.software.name = 'no-such-package-${system.runId}'`);
    await membersOf(withDpkg, [realClient.id]);
    await membersOf(withTool, [posingClient.id]);
    await membersOf(withNothing, []);

    // Another cycle of the unchanged computer sends the same document (sorted, each entry once).
    const again = await real.once();
    expect(again.code).toBe(0);
    expect((await clientOf(real)).inventory.software).toEqual(software);
  });
});
