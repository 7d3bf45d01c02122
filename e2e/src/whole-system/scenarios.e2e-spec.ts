import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, cycle, runsOf, waitFor, writePackageFolder } from './flow';

// The rules of the product, each seen from real agents: dependency chains, maintenance windows,
// platforms, expiry, protected DPs with and without fallback, and a corrupted object on a DP.
describe('what agents run, and when', () => {
  let system: RunningSystem;
  let flow: AdminFlow;
  let workDir: string;
  let linux: TestAgent;
  let windows: TestAgent;
  let guarded: TestAgent;

  const clientIdOf = async (agent: TestAgent): Promise<string> => {
    const clients = await flow.api.get<{ items: { id: string; name: string }[] }>(`${system.urls.targeting}/api/v1/clients?limit=100`);
    const client = clients.items.find((candidate) => candidate.name === agent.identity.name);
    if (!client) throw new Error(`${agent.identity.name} is not registered`);
    return client.id;
  };

  /** A collection of exactly these agents, once targeting has them. */
  const collectionOf = async (name: string, agents: TestAgent[]): Promise<string> => {
    const clientIds = await Promise.all(agents.map(clientIdOf));
    const created = await flow.api.post<{ id: string }>(`${system.urls.targeting}/api/v1/collections`, {
      name,
      rules: clientIds.map((clientId) => ({ type: 'direct', clientId })),
    });
    await flow.waitForMembers(created.id, agents.length);
    return created.id;
  };

  /** A package with one program and its source on the given DPs. */
  const packageWith = async (name: string, program: Record<string, unknown>, distributionPoints: string[], marker = name): Promise<string> => {
    const folder = join(workDir, 'packages', name);
    writePackageFolder(folder, '1.0', { marker, exitCode: (program.exitCode as number | undefined) ?? 0, dataFiles: 2 });
    const { exitCode: _exitCode, ...fields } = program;
    const packageId = await flow.createPackage(name);
    await flow.addProgram(packageId, { commandLine: 'sh install.sh', maxRunTimeMinutes: 5, ...fields });
    await flow.upload(packageId, folder);
    await flow.distribute(packageId, distributionPoints);
    await flow.installed(packageId, 1, distributionPoints);
    return packageId;
  };

  const advertise = (name: string, packageId: string, program: string, collectionId: string, fields: Record<string, unknown> = {}) =>
    flow.advertise({ name, packageId, program, collectionId, mandatory: [{ type: 'asap' }], slowNetwork: 'download', ...fields });

  const historyOf = async (advertisementId: string, clientId: string) =>
    flow.api.get<{ items: { state: string; messageId: number | null; detail: string | null }[] }>(
      `${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/status/clients/${clientId}/history?limit=100`,
    );

  beforeAll(async () => {
    system = await startSystem();
    flow = new AdminFlow(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-scenarios-'));
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.addDistributionPoint('dp2', 1, { boundaries: ['10.2.0.0/16'] });
    // Protected: clients in 10.5.0.0/16 use it, and only it unless an advertisement allows fallback.
    await flow.addDistributionPoint('guard', 0, { boundaries: ['10.5.0.0/16'], protected: true });
    linux = new TestAgent(system, workDir, { name: 'lin-01', os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: ['10.1.0.21'] });
    windows = new TestAgent(system, workDir, { name: 'win-01', os: { name: 'windows', version: '10.0.22631', arch: 'x64' }, ipAddresses: ['10.1.0.22'] });
    guarded = new TestAgent(system, workDir, { name: 'lin-guarded', os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: ['10.5.0.23'] });
    await cycle([linux, windows, guarded]);
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs a dependency first, and a failed dependency stops the chain', async () => {
    const base = await packageWith('Base Runtime', { name: 'Prepare' }, ['dp1'], 'prepare');
    const app = await packageWith('App', { name: 'Install', dependsOn: { packageId: base, program: 'Prepare', alwaysRunFirst: false } }, ['dp1'], 'install');
    const broken = await packageWith('Broken Runtime', { name: 'Prepare', exitCode: 7 }, ['dp1'], 'broken');
    const app2 = await packageWith('App Two', { name: 'Install', dependsOn: { packageId: broken, program: 'Prepare', alwaysRunFirst: true } }, ['dp1'], 'install-two');
    const collectionId = await collectionOf('chain', [linux]);
    await advertise('App with its runtime', app, 'Install', collectionId);
    const second = await advertise('App Two with a broken runtime', app2, 'Install', collectionId);

    await waitFor(
      async () => {
        await cycle([linux]);
        const status = await flow.status(second);
        return runsOf(linux).includes('install 1.0') && status.summary.failed === 1 ? true : undefined;
      },
      90_000,
      'the chain run and the broken chain failed',
      0,
    );
    const runs = runsOf(linux);
    expect(runs.indexOf('prepare 1.0')).toBeLessThan(runs.indexOf('install 1.0'));
    expect(runs).toContain('broken 1.0');
    expect(runs).not.toContain('install-two 1.0');
  });

  it('offers a program only to the platforms it supports', async () => {
    const packageId = await packageWith('Windows Only', { name: 'Install', platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0' }] }, ['dp1'], 'windows-only');
    const advertisementId = await advertise('Windows only', packageId, 'Install', await collectionOf('both', [linux, windows]));
    await waitFor(
      async () => {
        await cycle([linux, windows]);
        return runsOf(windows).includes('windows-only 1.0') ? true : undefined;
      },
      90_000,
      'the Windows computer to run it',
      0,
    );
    expect(runsOf(linux)).not.toContain('windows-only 1.0');
    const explained = await flow.api.get<{ applies: boolean; excludedBy: string }>(
      `${system.urls.advertisement}/api/v1/clients/${await clientIdOf(linux)}/explain?advertisementId=${advertisementId}`,
    );
    expect(explained).toMatchObject({ applies: false, excludedBy: 'platform' });
  });

  it('never runs an expired advertisement', async () => {
    const packageId = await packageWith('Old Tool', { name: 'Install' }, ['dp1'], 'old-tool');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const advertisementId = await advertise('Expired', packageId, 'Install', await collectionOf('expired', [linux]), {
      availableAt: new Date(Date.now() - 7_200_000).toISOString(),
      expiresAt: hourAgo,
    });
    const clientId = await clientIdOf(linux);
    await waitFor(
      async () => {
        const explained = await flow.api.get<{ excludedBy: string | null }>(`${system.urls.advertisement}/api/v1/clients/${clientId}/explain?advertisementId=${advertisementId}`);
        return explained.excludedBy === 'not-expired' ? true : undefined;
      },
      30_000,
      'the advertisement known and explained as expired',
    );
    await cycle([linux]);
    expect(runsOf(linux)).not.toContain('old-tool 1.0');
  });

  it('keeps a client inside a protected boundary on its protected DP unless fallback is allowed', async () => {
    const collectionId = await collectionOf('guarded', [guarded]);
    const strict = await packageWith('Strict Tool', { name: 'Install' }, ['dp1'], 'strict');
    const lenient = await packageWith('Lenient Tool', { name: 'Install' }, ['dp1'], 'lenient');
    const strictAd = await advertise('Strict', strict, 'Install', collectionId);
    await advertise('Lenient', lenient, 'Install', collectionId, { allowFallbackToUnprotected: true });

    await waitFor(
      async () => {
        await cycle([guarded]);
        return runsOf(guarded).includes('lenient 1.0') ? true : undefined;
      },
      90_000,
      'the lenient package to run from the unprotected DP',
      0,
    );
    await cycle([guarded]);
    expect(runsOf(guarded)).not.toContain('strict 1.0');
    const status = await flow.status(strictAd);
    expect(status.items.map((row) => row.deliveryState)).toEqual(['WAITING']);

    // Once the protected DP holds it, the strict package runs too.
    await flow.distribute(strict, ['dp1', 'guard']);
    await flow.installed(strict, 1, ['guard']);
    await waitFor(
      async () => {
        await cycle([guarded]);
        return runsOf(guarded).includes('strict 1.0') ? true : undefined;
      },
      90_000,
      'the strict package to run from the protected DP',
      0,
    );
  });

  it('refuses a corrupted object on the nearest DP, reports 10075 and falls back to the next', async () => {
    const packageId = await packageWith('Fragile Tool', { name: 'Install' }, ['dp1', 'dp2'], 'fragile');
    const dp1 = flow.dpBucket('dp1', 0);
    const version = await flow.api.get<{ files: { path: string; sha256: string; size: number }[] }>(
      `${system.urls.catalog}/api/v1/packages/${packageId}/source-versions/1`,
    );
    const script = version.files.find((file) => file.path === 'install.sh')!;
    const key = `cas/sha256/${script.sha256.slice(0, 2)}/${script.sha256.slice(2, 4)}/${script.sha256}`;
    const tampered = Buffer.from('#!/bin/sh\necho "tampered" >> "$RUN_LOG"\n');
    expect(createHash('sha256').update(tampered).digest('hex')).not.toBe(script.sha256);
    await dp1.client.putObject(dp1.bucket, key, tampered, tampered.length);

    const advertisementId = await advertise('Fragile', packageId, 'Install', await collectionOf('fragile', [windows]));
    await waitFor(
      async () => {
        await cycle([windows]);
        return runsOf(windows).includes('fragile 1.0') ? true : undefined;
      },
      90_000,
      'the package to run from the second DP',
      0,
    );
    expect(runsOf(windows)).not.toContain('tampered');
    const history = await historyOf(advertisementId, await clientIdOf(windows));
    expect(history.items.some((entry) => entry.messageId === 10075)).toBe(true);
    expect(history.items.some((entry) => entry.state === 'SUCCEEDED')).toBe(true);
  });

  it('waits for a maintenance window long enough for the program, then runs', async () => {
    const packageId = await packageWith('Night Job', { name: 'Install', maxRunTimeMinutes: 30 }, ['dp1'], 'night-job');
    const collectionId = await collectionOf('windowed', [windows]);
    const opensAt = new Date(Date.now() + 25_000);
    await flow.api.post(`${system.urls.targeting}/api/v1/collections/${collectionId}/maintenance-windows`, {
      name: 'Soon',
      start: opensAt.toISOString(),
      durationMinutes: 60,
      recurrence: { type: 'none' },
    });
    // The window must be in the policy before the advertisement, or the agent would run at once.
    const clientId = await clientIdOf(windows);
    const advertisementId = await advertise('Night job', packageId, 'Install', collectionId);
    await waitFor(
      async () => {
        await cycle([windows]);
        const status = await flow.status(advertisementId);
        return status.items[0]?.deliveryState === 'WAITING' ? true : undefined;
      },
      20_000,
      'the agent to wait for the window',
      0,
    );
    expect(Date.now()).toBeLessThan(opensAt.getTime());
    expect(runsOf(windows)).not.toContain('night-job 1.0');

    await waitFor(
      async () => {
        await cycle([windows]);
        return runsOf(windows).includes('night-job 1.0') ? true : undefined;
      },
      90_000,
      'the run once the window opened',
      1000,
    );
    const history = await historyOf(advertisementId, clientId);
    const started = history.items.find((entry) => entry.state === 'RUNNING');
    expect(started).toBeDefined();
  });

  it('waits while the disk has no room for the program, and runs once its estimate fits', async () => {
    // 100 TB: more than any disk here.
    const packageId = await packageWith('Huge Suite', { name: 'Install', estimatedDiskSpaceMb: 100_000_000 }, ['dp1'], 'huge-suite');
    const advertisementId = await advertise('Huge suite', packageId, 'Install', await collectionOf('huge', [linux]));
    const clientId = await clientIdOf(linux);
    const waiting = await waitFor(
      async () => {
        await cycle([linux]);
        const history = await historyOf(advertisementId, clientId);
        return history.items.find((entry) => entry.state === 'WAITING' && entry.detail?.includes('MB free on'));
      },
      60_000,
      'the agent to wait for disk space',
      0,
    );
    expect(waiting.detail).toContain('program estimate 100,000,000 MB');
    await cycle([linux]);
    expect(runsOf(linux)).not.toContain('huge-suite 1.0');
    const history = await historyOf(advertisementId, clientId);
    expect(history.items.map((entry) => entry.state)).not.toContain('RUNNING');

    await flow.api.patch(`${system.urls.catalog}/api/v1/packages/${packageId}/programs/Install`, { estimatedDiskSpaceMb: 1 });
    await waitFor(
      async () => {
        await cycle([linux]);
        return runsOf(linux).includes('huge-suite 1.0') ? true : undefined;
      },
      90_000,
      'the run once the estimate fits',
      0,
    );
  });

  it('runs a user-logged-on program only once a user is logged on, and reports who is in the inventory', async () => {
    const kiosk = new TestAgent(system, workDir, {
      name: 'kiosk-01',
      os: { name: 'linux', version: '6.1.0', arch: 'x64' },
      ipAddresses: ['10.1.0.24'],
      loggedOnUsers: [],
    });
    await cycle([kiosk]);
    const clientId = await clientIdOf(kiosk);
    const inventoryOf = async () =>
      (await flow.api.get<{ inventory: { loggedOnUsers?: unknown } }>(`${system.urls.targeting}/api/v1/clients/${clientId}`)).inventory;
    expect((await inventoryOf()).loggedOnUsers).toEqual([]);

    const packageId = await packageWith('Kiosk Greeter', { name: 'Install', runWhen: 'user-logged-on' }, ['dp1'], 'kiosk-greeter');
    const advertisementId = await advertise('Kiosk greeter', packageId, 'Install', await collectionOf('kiosks', [kiosk]));
    const waitingDetail = 'run-when: waiting for a user to log on (runWhen: user-logged-on)';
    await waitFor(
      async () => {
        await cycle([kiosk]);
        const history = await historyOf(advertisementId, clientId);
        return history.items.some((entry) => entry.state === 'WAITING' && entry.detail === waitingDetail) ? true : undefined;
      },
      60_000,
      'the agent to wait for a user',
      0,
    );
    await cycle([kiosk]);
    await cycle([kiosk]);
    const waiting = await historyOf(advertisementId, clientId);
    expect(waiting.items.filter((entry) => entry.state === 'WAITING')).toHaveLength(1);
    expect(waiting.items.map((entry) => entry.state)).not.toContain('RUNNING');
    expect(runsOf(kiosk)).not.toContain('kiosk-greeter 1.0');

    kiosk.writeInventory({ ...kiosk.identity, loggedOnUsers: ['alice'] });
    await waitFor(
      async () => {
        await cycle([kiosk]);
        return runsOf(kiosk).includes('kiosk-greeter 1.0') ? true : undefined;
      },
      60_000,
      'the run once alice is logged on',
      0,
    );
    expect((await inventoryOf()).loggedOnUsers).toEqual(['alice']);
    const history = await historyOf(advertisementId, clientId);
    expect(history.items.some((entry) => entry.state === 'SUCCEEDED')).toBe(true);
  });

  it('runs a runOncePer: user program once for each user who logs on, telling it the user', async () => {
    const lab = new TestAgent(system, workDir, {
      name: 'lab-01',
      os: { name: 'linux', version: '6.1.0', arch: 'x64' },
      ipAddresses: ['10.1.0.25'],
      loggedOnUsers: ['alice'],
    });
    await cycle([lab]);
    const clientId = await clientIdOf(lab);
    const packageId = await packageWith('Lab Profile', { name: 'Install', runOncePer: 'user' }, ['dp1'], 'lab-profile');
    const advertisementId = await advertise('Lab profile', packageId, 'Install', await collectionOf('labs', [lab]));
    const labRuns = () => runsOf(lab).filter((line) => line.startsWith('lab-profile'));
    await waitFor(
      async () => {
        await cycle([lab]);
        return labRuns().length > 0 ? true : undefined;
      },
      60_000,
      'the run for alice',
      0,
    );
    await cycle([lab]);
    await cycle([lab]);
    expect(labRuns()).toEqual(['lab-profile 1.0 for alice']);

    lab.writeInventory({ ...lab.identity, loggedOnUsers: ['alice', 'bob'] });
    await cycle([lab]);
    await cycle([lab]);
    await cycle([lab]);
    expect(labRuns()).toEqual(['lab-profile 1.0 for alice', 'lab-profile 1.0 for bob']);
    const history = await historyOf(advertisementId, clientId);
    expect(history.items.filter((entry) => entry.state === 'SUCCEEDED').map((entry) => entry.detail)).toEqual(
      expect.arrayContaining([expect.stringContaining('for user alice'), expect.stringContaining('for user bob')]),
    );
  });
});
