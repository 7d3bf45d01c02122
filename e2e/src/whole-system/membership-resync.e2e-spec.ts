import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor } from './flow';
import { registerClient } from '@sdp/testing';

interface Policy {
  advertisements: { advertisementId: string }[];
}

/**
 * A consumer's copy of state another service owns can always be put right from the owner: here
 * the advertisement service's membership projection is made wrong on purpose (a client added to
 * a collection targeting says is empty, at a version targeting never issued, as a forged delta
 * would) and an administrator's resync, one collection or all, replaces it with targeting's word.
 */
describe('resyncing the membership projection from targeting', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    env = sdpEnvironment(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function sdp(...args: string[]): Promise<string> {
    const run = await runSdp(args, env);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  }

  /** Puts the client into the collection in the advertisement service's own rows, at version 7. */
  async function corrupt(collectionId: string, clientId: string): Promise<void> {
    await system.sql('advertisement', `INSERT INTO collection_member (collection_id, client_id) VALUES ($1, $2)`, [collectionId, clientId]);
    await system.sql(
      'advertisement',
      `INSERT INTO collection_membership_state (collection_id, membership_version, needs_snapshot) VALUES ($1, 7, false)
       ON CONFLICT (collection_id) DO UPDATE SET membership_version = 7, needs_snapshot = false`,
      [collectionId],
    );
    await system.sql('advertisement', `UPDATE policy_epoch SET value = value + 1 WHERE id = 1`);
    await system.sql('advertisement', `DELETE FROM client_policy WHERE client_id = $1`, [clientId]);
  }

  it('replaces a wrong membership with targeting\'s, for one collection and for all, and the client loses the advertisement', async () => {
    const { targeting, advertisement } = system.urls;
    const packageId = await flow.createPackage('Resync');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'install.sh' });
    const nobody = `Nobody-${system.runId}`;
    const collectionId = await flow.queryCollection(`Resync ${system.runId}`, `inventory.department = '${nobody}'`);
    const registered = await registerClient(targeting, {
        enrollmentSecret: system.enrollmentSecret,
        name: `resync-${system.runId}`,
        hardwareId: `HW-resync-${system.runId}`,
        os: { name: 'linux', version: '6.1', arch: 'x64' },
        ipAddresses: ['10.1.2.3'],
        inventory: { department: 'Elsewhere' },
      });
    expect(registered.status).toBe(201);
    const client = registered.body as { clientId: string; token: string };
    const advertisementId = await flow.advertise({ name: 'Resync', packageId, program: 'Install', collectionId });
    const policy = async (): Promise<Policy | undefined> => {
      const answer = await fetch(`${advertisement}/api/v1/clients/${client.clientId}/policy`, { headers: { authorization: `Bearer ${client.token}` } });
      return answer.status === 200 ? ((await answer.json()) as Policy) : undefined;
    };
    const offered = async () => (await policy())?.advertisements.some((item) => item.advertisementId === advertisementId);
    const state = async () =>
      (
        await system.sql<{ membership_version: number; members: number }>(
          'advertisement',
          `SELECT s.membership_version, (SELECT count(*)::int FROM collection_member m WHERE m.collection_id = s.collection_id) AS members
           FROM collection_membership_state s WHERE s.collection_id = $1`,
          [collectionId],
        )
      )[0];
    await waitFor(async () => ((await policy()) ? true : undefined), 30_000, 'the client known to the advertisement service');
    expect(await offered()).toBe(false);

    // Made wrong on purpose: the advertisement service now believes the client is a member.
    await corrupt(collectionId, client.clientId);
    expect(await offered()).toBe(true);

    // One collection: it never had a member, so targeting answers with an empty snapshot at version 0.
    expect(await sdp('collection', 'resync', collectionId)).toContain(`snapshot of ${collectionId} queued`);
    await waitFor(async () => ((await offered()) === false ? true : undefined), 30_000, 'the advertisement withdrawn by the resync');
    expect(await state()).toEqual({ membership_version: 0, members: 0 });

    // Every collection at once, as an administrator would after finding one wrong projection.
    await corrupt(collectionId, client.clientId);
    expect(await offered()).toBe(true);
    const all = await flow.api.post<{ items: { collectionId: string; membershipVersion: number; memberCount: number }[] }>(`${targeting}/api/v1/collections/snapshot`);
    expect(all.items).toContainEqual({ collectionId, membershipVersion: 0, memberCount: 0, parts: 1 });
    expect(all.items.map((item) => item.collectionId)).toContain('SMS00001');
    await waitFor(async () => ((await offered()) === false ? true : undefined), 30_000, 'the advertisement withdrawn by the resync of all');
    expect(await state()).toEqual({ membership_version: 0, members: 0 });
    expect(await sdp('collection', 'resync', '--all')).toMatch(new RegExp(`^${collectionId}\\s+0\\s+0\\s+1$`, 'm'));

    // The next real change after the resync applies as usual: version 1 follows version 0.
    const moved = await fetch(`${targeting}/api/v1/clients/${client.clientId}/inventory`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
      body: JSON.stringify({ inventory: { department: nobody } }),
    });
    expect(moved.status).toBe(200);
    await waitFor(async () => ((await offered()) === true ? true : undefined), 30_000, 'the advertisement offered once targeting adds the client');
    expect(await state()).toEqual({ membership_version: 1, members: 1 });
  });
});
