import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyBody } from '@sdp/contracts';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, waitFor, writePackageFolder } from './flow';
import { registeredClient } from '@sdp/testing';

// Content only for the clients it is meant for, on the real system: the advertisement service
// signs a grant for a package version a client's policy runs, content-replication answers content
// locations only against it.
// Grants last 6 s here, so a client that left the collection is seen losing its content.
const GRANT_LIFETIME_SECONDS = 6;

interface Client {
  clientId: string;
  token: string;
}

describe('content entitlement', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  const folders: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ env: { advertisement: { CONTENT_GRANT_LIFETIME_SECONDS: String(GRANT_LIFETIME_SECONDS) } } });
    flow = new AdminFlow(system);
  });

  afterAll(async () => {
    await system?.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  async function register(name: string): Promise<Client> {
    return registeredClient(system.urls.targeting, {
      enrollmentSecret: 'dev-enroll-secret',
      name,
      hardwareId: `${name}-${system.runId}`,
      os: { name: 'linux', version: '6.8', arch: 'x64' },
      ipAddresses: ['10.1.0.9'],
    });
  }

  async function policyOf(client: Client): Promise<PolicyBody> {
    const response = await fetch(`${system.urls.advertisement}/api/v1/clients/${client.clientId}/policy`, { headers: { authorization: `Bearer ${client.token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as PolicyBody;
  }

  async function grantFor(client: Client, packageId: string, version = 1): Promise<{ status: number; grant?: string; message?: string }> {
    const response = await fetch(`${system.urls.advertisement}/api/v1/clients/${client.clientId}/content-grant?packageId=${packageId}&version=${version}`, {
      headers: { authorization: `Bearer ${client.token}` },
    });
    return { status: response.status, ...((await response.json()) as { grant?: string; message?: string }) };
  }

  async function locations(client: Client, packageId: string, version: number, grant?: string): Promise<{ status: number; message?: string }> {
    const query = new URLSearchParams({ packageId, version: String(version), ...(grant !== undefined && { grant }) });
    const response = await fetch(`${system.urls.replication}/api/v1/content-locations?${query}`, { headers: { authorization: `Bearer ${client.token}` } });
    const body = (await response.json()) as { message?: string };
    return { status: response.status, message: body.message };
  }

  async function packageWithContent(name: string): Promise<string> {
    const folder = mkdtempSync(join(tmpdir(), 'sdp-entitled-'));
    folders.push(folder);
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    const packageId = await flow.createPackage(name);
    await flow.upload(packageId, folder);
    return packageId;
  }

  it('gives a targeted client its package and its dependency, nobody else anything, and ends with the grant', async () => {
    const runtime = await packageWithContent('Entitled Runtime');
    await flow.addProgram(runtime, { name: 'Runtime', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    const tool = await packageWithContent('Entitled Tool');
    await flow.addProgram(tool, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5, dependsOn: { packageId: runtime, program: 'Runtime', alwaysRunFirst: false } });
    const unrelated = await packageWithContent('Entitled Unrelated');
    await flow.addDistributionPoint('entitled-dp', 0);
    for (const packageId of [runtime, tool, unrelated]) await flow.distribute(packageId, ['entitled-dp']);
    await flow.installed(tool, 1, ['entitled-dp']);
    await flow.installed(runtime, 1, ['entitled-dp']);

    const targeted = await register('entitled-in');
    const outsider = await register('entitled-out');
    const created = await flow.api.post<{ id: string }>(`${system.urls.targeting}/api/v1/collections`, {
      name: 'Entitled computers',
      rules: [{ type: 'direct', clientId: targeted.clientId }],
    });
    await flow.waitForMembers(created.id, 1);
    await flow.advertise({ name: 'Entitled Tool', packageId: tool, program: 'Install', collectionId: created.id, mandatory: [{ type: 'asap' }] });

    // The targeted client is granted the tool and its dependency's package, nothing else.
    await waitFor(async () => ((await policyOf(targeted)).advertisements.length === 1 ? true : undefined), 30_000, 'the advertisement in the policy');
    const toolGrant = (await grantFor(targeted, tool)).grant!;
    const runtimeGrant = (await grantFor(targeted, runtime)).grant!;
    expect((await locations(targeted, tool, 1, toolGrant)).status).toBe(200);
    expect((await locations(targeted, runtime, 1, runtimeGrant)).status).toBe(200);
    expect(await grantFor(targeted, unrelated)).toMatchObject({ status: 403, message: `version 1 of package ${unrelated} is in no advertisement of this client's policy` });
    expect(await locations(targeted, unrelated, 1)).toMatchObject({ status: 403, message: expect.stringContaining('no content grant') });
    expect((await locations(targeted, unrelated, 1, toolGrant)).status).toBe(403);

    // A client outside every collection gets nothing, not even with the other client's grant.
    for (const packageId of [tool, runtime, unrelated]) {
      expect((await grantFor(outsider, packageId)).status).toBe(403);
      expect((await locations(outsider, packageId, 1)).status).toBe(403);
    }
    expect(await locations(outsider, tool, 1, toolGrant)).toEqual({ status: 403, message: 'the content grant was made for another client' });

    // Once it leaves the collection it is granted nothing more, and the grant it holds ends with its lifetime.
    await flow.api.patch(`${system.urls.targeting}/api/v1/collections/${created.id}`, { rules: [] });
    await flow.waitForMembers(created.id, 0);
    await waitFor(async () => ((await grantFor(targeted, tool)).status === 403 ? true : undefined), 30_000, 'no new grant');
    const leftAt = Date.now();
    await waitFor(async () => ((await locations(targeted, tool, 1, toolGrant)).status === 403 ? true : undefined), (GRANT_LIFETIME_SECONDS + 5) * 1000, 'the old grant refused');
    expect(Date.now() - leftAt).toBeLessThanOrEqual((GRANT_LIFETIME_SECONDS + 5) * 1000);
    expect(await locations(targeted, tool, 1, toolGrant)).toEqual({ status: 403, message: 'the content grant has expired; ask the advertisement service for a new one' });
  });
});
