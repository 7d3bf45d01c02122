import { AdvertisementStatusPage, AdvertisementView } from '@sdp/contracts';
import { runSdp, sdpEnvironment } from '../cli/run-sdp';
import { ApiError, RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor } from './flow';
import { registerClient } from '@sdp/testing';

/**
 * What an advertisement uses cannot be deleted from under it, in any service; and when it goes
 * anyway (here: targeting deletes the collection before it has seen the advertisement, the race
 * the refusal cannot close), the advertisement shows itself broken, with the reason, in the API
 * and the CLI, and never a contradictory count.
 */
describe('referential integrity across the services', () => {
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

  async function refusal(call: () => Promise<unknown>): Promise<{ status: number; message: string }> {
    try {
      await call();
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, message: (error.body as { message: string }).message };
      throw error;
    }
    throw new Error('the delete was not refused');
  }

  async function sdp(...args: string[]): Promise<string> {
    const run = await runSdp(args, env);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  }

  it('refuses deleting what an advertisement uses, and shows the advertisement broken once its collection went anyway', async () => {
    const { catalog, targeting, advertisement } = system.urls;
    const packageId = await flow.createPackage('Integrity');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'install.sh' });
    const department = `Integrity-${system.runId}`;
    const collectionId = await flow.queryCollection(`Integrity ${system.runId}`, `inventory.department = '${department}'`);
    const window = await flow.api.post<{ id: string }>(`${targeting}/api/v1/collections/${collectionId}/maintenance-windows`, {
      name: 'Nights',
      start: '2026-03-02T22:00:00+01:00',
      durationMinutes: 240,
      recurrence: { type: 'daily' },
    });
    const registered = await registerClient(targeting, {
        enrollmentSecret: system.enrollmentSecret,
        name: `integrity-${system.runId}`,
        hardwareId: `HW-${system.runId}`,
        os: { name: 'linux', version: '6.1', arch: 'x64' },
        ipAddresses: ['10.1.2.3'],
        inventory: { department },
      });
    expect(registered.status).toBe(201);
    const client = registered.body as { clientId: string; token: string };
    await flow.waitForMembers(collectionId, 1);
    const advertisementId = await flow.advertise({ name: 'Integrity', packageId, program: 'Install', collectionId });
    const status = () => flow.api.get<AdvertisementStatusPage>(`${advertisement}/api/v1/advertisements/${advertisementId}/status`);
    await waitFor(async () => ((await status()).summary.targeted === 1 ? true : undefined), 30_000, 'the member targeted');
    const reported = await fetch(`${advertisement}/api/v1/clients/${client.clientId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
      body: JSON.stringify({ advertisementId, state: 'SUCCEEDED', messageId: 10009, exitCode: 0, at: new Date().toISOString(), seq: 1 }),
    });
    expect(reported.status).toBe(200);

    // Each service refuses, naming the advertisement, once it has seen the advertisement's event. A delete tried
    // before targeting saw it would go through (nothing forbids it yet), so wait for targeting's copy of the usage.
    await waitFor(
      async () => {
        const rows = await system.sql<{ found: number }>('targeting', 'SELECT 1 AS found FROM advertisement_usage WHERE advertisement_id = $1', [advertisementId]);
        return rows.length > 0 ? true : undefined;
      },
      60_000,
      "targeting to record the advertisement's use of the collection",
    );
    const collectionRefused = await waitFor(
      async () => {
        const answer = await refusal(() => flow.api.delete(`${targeting}/api/v1/collections/${collectionId}`));
        return answer.status === 409 ? answer : undefined;
      },
      30_000,
      'collection delete refused',
    );
    expect(collectionRefused.message).toContain(`used by advertisements ${advertisementId}`);
    expect(await refusal(() => flow.api.delete(`${targeting}/api/v1/collections/${collectionId}/maintenance-windows/${window.id}`))).toEqual({
      status: 409,
      message: expect.stringContaining(`used by advertisements ${advertisementId}; set ignoreMaintenanceWindows on them or retarget them first`),
    });
    const programRefused = await waitFor(
      async () => {
        const answer = await refusal(() => flow.api.delete(`${catalog}/api/v1/packages/${packageId}/programs/Install`));
        return answer.status === 409 ? answer : undefined;
      },
      30_000,
      'program delete refused',
    );
    expect(programRefused.message).toContain(`used by advertisements ${advertisementId}`);
    expect((await refusal(() => flow.api.delete(`${catalog}/api/v1/packages/${packageId}`))).status).toBe(409);
    const whole = await flow.api.get<AdvertisementView>(`${advertisement}/api/v1/advertisements/${advertisementId}`);
    expect(whole).toMatchObject({ broken: false, brokenReason: null });

    // The race: targeting deletes the collection as if it had not seen the advertisement yet.
    await system.sql('targeting', `DELETE FROM advertisement_usage WHERE advertisement_id = $1`, [advertisementId]);
    await flow.api.delete(`${targeting}/api/v1/collections/${collectionId}`);

    const reason = `collection ${collectionId} was deleted`;
    const broken = await waitFor(
      async () => {
        const answer = await flow.api.get<AdvertisementView>(`${advertisement}/api/v1/advertisements/${advertisementId}`);
        return answer.broken ? answer : undefined;
      },
      30_000,
      'the advertisement broken',
    );
    expect(broken).toMatchObject({ broken: true, brokenReason: reason, enabled: true });
    expect(await status()).toMatchObject({ broken: true, brokenReason: reason, summary: { targeted: 0, succeeded: 1 } });
    const policy = await fetch(`${advertisement}/api/v1/clients/${client.clientId}/policy`, { headers: { authorization: `Bearer ${client.token}` } });
    expect(((await policy.json()) as { advertisements: unknown[] }).advertisements).toEqual([]);

    const statusText = await sdp('advertisement', 'status', advertisementId);
    expect(statusText).toMatch(new RegExp(`^Broken\\s+${reason}$`, 'm'));
    expect(statusText).toMatch(/^Progress\s+no client targeted now \(1 finished before\)$/m);
    expect(statusText).not.toMatch(/\d+\/0 finished/);
    expect(await sdp('advertisement', 'show', advertisementId)).toMatch(new RegExp(`^Broken\\s+yes: ${reason} \\(offered to no client\\)$`, 'm'));
    const listed = await sdp('advertisement', 'list');
    expect(listed.split('\n').find((line) => line.startsWith(advertisementId))).toMatch(/\sbroken\s+-$/);
    const watched = await runSdp(['advertisement', 'status', advertisementId, '--watch', '--until', 'finished', '--timeout', '20'], env);
    expect(watched.code).toBe(1);
    expect(watched.stderr.trim()).toBe(`sdp: advertisement ${advertisementId} is broken: ${reason}`);
  });

  it('documents the 409s of deletes in use and the broken fields in each OpenAPI document', async () => {
    type Operation = { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> };
    const documentOf = async (url: string) => (await (await fetch(`${url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const { catalog, replication, targeting, advertisement } = system.urls;
    const deletes: [string, string][] = [
      [catalog, '/api/v1/packages/{id}'],
      [catalog, '/api/v1/packages/{id}/programs/{name}'],
      [targeting, '/api/v1/collections/{id}'],
      [targeting, '/api/v1/collections/{id}/maintenance-windows/{windowId}'],
      [replication, '/api/v1/distribution-points/{name}'],
    ];
    for (const [url, path] of deletes) {
      const conflict = (await documentOf(url)).paths[path].delete.responses['409'];
      expect({ path, properties: Object.keys(conflict.content!['application/json'].schema.properties!) }).toEqual({
        path,
        properties: ['statusCode', 'error', 'code', 'message', 'details'],
      });
    }
    const advertisements = (await documentOf(advertisement)).paths;
    const okProperties = (path: string) => Object.keys(advertisements[path].get.responses['200'].content!['application/json'].schema.properties!);
    expect(okProperties('/api/v1/advertisements/{id}')).toEqual(expect.arrayContaining(['broken', 'brokenReason']));
    expect(okProperties('/api/v1/advertisements/{id}/status')).toEqual(expect.arrayContaining(['broken', 'brokenReason', 'summary']));
  });
});
