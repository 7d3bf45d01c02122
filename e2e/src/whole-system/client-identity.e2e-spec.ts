import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, runsOf, waitFor, writePackageFolder } from './flow';

const TOKEN_LIFETIME_SECONDS = 5;

/**
 * A client is its key, and its tokens end. With 5-second tokens a real agent runs for several
 * polling cycles, renewing with its key as it goes, and gets its program and content; another
 * computer that claims the same hardware ID with only the enrollment secret waits for an
 * administrator, while the first keeps working.
 */
describe('client identity: keys and expiring tokens, whole system', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;

  beforeAll(async () => {
    system = await startSystem({ env: { targeting: { CLIENT_TOKEN_LIFETIME_SECONDS: String(TOKEN_LIFETIME_SECONDS) } } });
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-identity-'));
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs an agent on 5-second tokens over many cycles; a second claim on its hardware ID waits, the first goes on', async () => {
    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    const packageId = await flow.createPackage('Identity Tool', { version: '1.0' });
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);
    const department = `Identity-${system.runId}`;
    const collectionId = await flow.queryCollection(`Identity ${system.runId}`, `inventory.department = '${department}'`);

    const hardwareId = `hw-identity-${system.runId}`;
    const owner = new TestAgent(system, workDir, { name: 'owner-pc', hardwareId, ipAddresses: ['10.1.0.60'], inventory: { department } });
    const claimant = new TestAgent(system, workDir, { name: 'claimant-pc', hardwareId, ipAddresses: ['10.1.0.61'], inventory: { department: 'Elsewhere' } });
    owner.start(2);
    try {
      await waitFor(async () => (/"event":"token-renewed"/.test(owner.output()) ? true : undefined), 60_000, 'the owner to renew its token').catch((error: Error) => {
        throw new Error(`${error.message}\nagent output:\n${owner.output().slice(-4000)}`);
      });

      claimant.start(2);
      const pending = await waitFor(
        async () => /"event":"pending-approval","clientId":"([^"]+)","message":"another client already has this hardware ID[^"]*"/.exec(claimant.output()) ?? undefined,
        60_000,
        'the claimant to be told it waits for an administrator',
      );
      const [conflict] = await system.sql<{ conflicts_with: string; approved: boolean }>('targeting', 'SELECT conflicts_with, approved FROM client WHERE id = $1', [pending[1]]);
      expect(conflict.approved).toBe(false);

      // Advertised only now, after several renewals: the owner still gets it, content included.
      await flow.advertise({ name: 'Identity Tool', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] });
      await waitFor(async () => (runsOf(owner).length >= 1 ? true : undefined), 120_000, 'the owner to run the program').catch((error: Error) => {
        throw new Error(`${error.message}\nagent output:\n${owner.output().slice(-4000)}`);
      });
      expect(runsOf(owner)).toEqual(['ran 1.0']);
      expect(runsOf(claimant)).toEqual([]);
      // Still working a few token lifetimes later.
      const renewalsBefore = owner.output().split('"event":"token-renewed"').length;
      await waitFor(
        async () => (owner.output().split('"event":"token-renewed"').length >= renewalsBefore + 2 ? true : undefined),
        4 * TOKEN_LIFETIME_SECONDS * 1000,
        'two more renewals',
      );

      const [ownerClient] = await system.sql<{ id: string }>('targeting', 'SELECT id FROM client WHERE id = $1', [conflict.conflicts_with]);
      expect(ownerClient).toBeDefined();
      const renewalLines = system.services.targeting.output().split('\n').filter((line) => line.includes(`client ${ownerClient.id} renewed its token`));
      expect(renewalLines.length).toBeGreaterThanOrEqual(3);
      expect(owner.output()).not.toContain('cycle failed');
      expect(owner.output()).not.toMatch(/"status":\s*401|HTTP 401/);

      // The administrator sees the conflict and refuses it; the claimant is then refused outright.
      const shown = await runSdp(['client', 'show', pending[1]], sdpEnvironment(system));
      expect(shown.stdout).toContain(`sdp client resolve ${pending[1]} merge|keep|refuse`);
      const refused = await runSdp(['client', 'resolve', pending[1], 'refuse'], sdpEnvironment(system));
      expect({ code: refused.code, stderr: refused.stderr }).toEqual({ code: 0, stderr: '' });
      expect(refused.stdout).toMatch(/Blocked\s+yes/);
      await waitFor(async () => (/Client is blocked/.test(claimant.output()) ? true : undefined), 30_000, 'the refused claimant to be told it is blocked');
      expect(runsOf(claimant)).toEqual([]);
    } finally {
      await claimant.stop();
      await owner.stop();
    }
  });
});
