import { EventTypes, eventRegistry, PackageData, ProgramData } from '@sdp/contracts';
import { Page } from '@sdp/service';
import { CatalogHarness, TopicReader } from '../test-support/catalog-harness';

describe('catalog packages and programs (real PostgreSQL, Kafka)', () => {
  let catalog: CatalogHarness;
  let reader: TopicReader;

  beforeAll(async () => {
    catalog = await CatalogHarness.start();
    reader = await TopicReader.start();
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  async function createPackage(body: Record<string, unknown>): Promise<PackageData> {
    const response = await catalog.request<PackageData>('POST', '/api/v1/packages', body);
    expect(response.status).toBe(201);
    return response.body;
  }

  it('creates a package with the defaults of domain.md and a site ID, and emits it', async () => {
    const created = await createPackage({ name: 'Contoso Reader', manufacturer: 'Contoso' });
    expect(created).toMatchObject({
      id: expect.stringMatching(new RegExp(`^${catalog.siteCode}[0-9A-F]{5}$`)),
      name: 'Contoso Reader',
      version: '',
      language: '',
      description: '',
      priority: 'medium',
      persistInCache: false,
      hasSource: true,
      sourceVersion: 0,
      manifestDigest: null,
      sourceDate: null,
      sizeBytes: 0,
      fileCount: 0,
      sourceLocation: null,
    });
    expect((await catalog.request('GET', `/api/v1/packages/${created.id}`)).body).toEqual(created);
    const [event] = await reader.waitFor((e) => e.subject === created.id && e.type === EventTypes.catalog.packageCreated);
    expect(event.data).toEqual(created);
    expect(eventRegistry.validate(event).type).toBe(EventTypes.catalog.packageCreated);
  });

  it('never repeats an ID under concurrent creates', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, (_, index) => createPackage({ name: `Parallel ${index}` })));
    expect(new Set(created.map((item) => item.id)).size).toBe(12);
  });

  it('searches by name or manufacturer and pages through the results', async () => {
    await createPackage({ name: 'Fabrikam Paint', manufacturer: 'Fabrikam' });
    await createPackage({ name: 'Tools 100%', manufacturer: 'Fabrikam Ltd' });
    await createPackage({ name: 'fabrikam viewer' });
    const byText = await catalog.request<Page<PackageData>>('GET', '/api/v1/packages?q=fabRIKAM');
    expect(byText.body.items.map((item) => item.name).sort()).toEqual(['Fabrikam Paint', 'Tools 100%', 'fabrikam viewer']);
    expect((await catalog.request<Page<PackageData>>('GET', '/api/v1/packages?q=100%25')).body.items.map((item) => item.name)).toEqual(['Tools 100%']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: { status: number; body: Page<PackageData> } = await catalog.request<Page<PackageData>>('GET', `/api/v1/packages?limit=4${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(16);
  });

  it('answers bad input with the documented 4xx', async () => {
    expect((await catalog.request('POST', '/api/v1/packages', { name: 'x'.repeat(256) })).status).toBe(400);
    expect((await catalog.request('POST', '/api/v1/packages', { name: 'x', priority: 'urgent' })).status).toBe(400);
    expect((await catalog.request('POST', '/api/v1/packages', { name: 'x', extra: 1 })).status).toBe(400);
    expect((await catalog.request('POST', '/api/v1/packages', { manufacturer: 'no name' })).status).toBe(400);
    expect((await catalog.request('POST', '/api/v1/packages', { name: 'x' }, 'wrong-token')).status).toBe(401);
    expect((await catalog.request('GET', '/api/v1/packages?cursor=garbage')).status).toBe(400);
    const unknown = await catalog.request<{ code: string }>('GET', '/api/v1/packages/S01FFFFF');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PACKAGE_NOT_FOUND');
    expect((await catalog.request('PATCH', '/api/v1/packages/S01FFFFF', { name: 'y' })).status).toBe(404);
  });

  it('updates only the fields sent and emits the full package', async () => {
    const created = await createPackage({ name: 'Editor', version: '1.0' });
    const updated = await catalog.request<PackageData>('PATCH', `/api/v1/packages/${created.id}`, { version: '2.0', priority: 'high' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Editor', version: '2.0', priority: 'high' });
    const [event] = await reader.waitFor((e) => e.subject === created.id && e.type === EventTypes.catalog.packageUpdated);
    expect(event.data).toEqual(updated.body);
  });

  describe('programs', () => {
    let packageId: string;

    beforeAll(async () => {
      packageId = (await createPackage({ name: 'With programs' })).id;
    });

    it('creates a program with every default of domain.md and emits it', async () => {
      const response = await catalog.request<ProgramData>('POST', `/api/v1/packages/${packageId}/programs`, { name: 'Install', commandLine: 'setup.exe /s' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        packageId,
        name: 'Install',
        workingDirectory: '',
        runWindow: 'normal',
        afterRunning: 'none',
        category: '',
        estimatedDiskSpaceMb: null,
        maxRunTimeMinutes: 120,
        platforms: 'any',
        runWhen: 'any',
        runAs: 'admin',
        allowUserInteraction: false,
        runOncePer: 'computer',
        dependsOn: null,
        suppressNotifications: false,
        disabled: false,
        successExitCodes: [0],
        rebootExitCodes: [1604, 1641, 3010, 3011],
        retryExitCodes: [],
      });
      const [event] = await reader.waitFor((e) => e.subject === packageId && e.type === EventTypes.catalog.programCreated);
      expect(event.data).toEqual(response.body);
    });

    it('refuses rule violations with 422 and malformed fields with 400', async () => {
      const path = `/api/v1/packages/${packageId}/programs`;
      const base = { name: 'Bad', commandLine: 'x' };
      for (const [body, field] of [
        [{ ...base, maxRunTimeMinutes: 0 }, 'maxRunTimeMinutes'],
        [{ ...base, maxRunTimeMinutes: 721 }, 'maxRunTimeMinutes'],
        [{ ...base, retryExitCodes: [3010] }, 'retryExitCodes'],
        [{ ...base, platforms: [{ os: 'linux', arch: 'x64', minVersion: '6', maxVersion: '5' }] }, 'platforms[0]'],
        [{ ...base, workingDirectory: '../up' }, 'workingDirectory'],
        [{ ...base, dependsOn: { packageId, program: 'Missing', alwaysRunFirst: true } }, 'dependsOn'],
      ] as const) {
        const response = await catalog.request<{ details: { field: string }[] }>('POST', path, body);
        expect({ body, status: response.status, field: response.body.details?.[0]?.field }).toEqual({ body, status: 422, field });
      }
      const missing = await catalog.request<{ code: string }>('POST', path, { ...base, dependsOn: { packageId, program: 'Missing', alwaysRunFirst: true } });
      expect(missing.body.code).toBe('PROGRAM_UNKNOWN');
      for (const body of [
        { ...base, platforms: [{ os: 'beos', arch: 'x64' }] },
        { ...base, platforms: 'windows' },
        { ...base, successExitCodes: ['0'] },
        { ...base, runWindow: 'tiny' },
        { name: 'NoCommand' },
        { ...base, unknown: true },
      ]) {
        expect({ body, status: (await catalog.request('POST', path, body)).status }).toEqual({ body, status: 400 });
      }
      const taken = await catalog.request<{ code: string }>('POST', path, { name: 'Install', commandLine: 'again' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('PROGRAM_ALREADY_EXISTS');
      expect((await catalog.request('POST', '/api/v1/packages/S01FFFFF/programs', base)).status).toBe(404);
    });

    it('refuses a dependency loop with 422 naming the loop', async () => {
      const path = `/api/v1/packages/${packageId}/programs`;
      const other = (await createPackage({ name: 'Runtime' })).id;
      await catalog.request('POST', `/api/v1/packages/${other}/programs`, { name: 'Runtime', commandLine: 'rt.exe', dependsOn: { packageId, program: 'Install', alwaysRunFirst: false } });
      const prerequisite = await catalog.request('POST', path, { name: 'Pre', commandLine: 'pre.exe', dependsOn: { packageId: other, program: 'Runtime', alwaysRunFirst: true } });
      expect(prerequisite.status).toBe(201);
      const loop = await catalog.request<{ code: string; message: string }>('PATCH', `${path}/Install`, { dependsOn: { packageId, program: 'Pre', alwaysRunFirst: true } });
      expect(loop.status).toBe(422);
      expect(loop.body.code).toBe('PROGRAM_DEPENDENCY_LOOP');
      expect(loop.body.message).toBe(`dependsOn: dependency loop: ${packageId}/Install → ${packageId}/Pre → ${other}/Runtime → ${packageId}/Install`);
      const self = await catalog.request<{ message: string }>('PATCH', `${path}/Install`, { dependsOn: { packageId, program: 'Install', alwaysRunFirst: true } });
      expect(self.status).toBe(422);
      const programInUse = await catalog.request<{ code: string }>('DELETE', `${path}/Install`);
      expect(programInUse.status).toBe(409);
      expect(programInUse.body.code).toBe('PROGRAM_IN_USE');
      const packageInUse = await catalog.request<{ code: string }>('DELETE', `/api/v1/packages/${packageId}`);
      expect(packageInUse.status).toBe(409);
      expect(packageInUse.body.code).toBe('PACKAGE_IN_USE');
    });

    it('keeps disabled programs listed, updates and deletes with events', async () => {
      const path = `/api/v1/packages/${packageId}/programs`;
      await catalog.request('POST', path, { name: 'Uninstall', commandLine: 'setup.exe /u', platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0' }] });
      const disabled = await catalog.request<ProgramData>('PATCH', `${path}/Uninstall`, { disabled: true, maxRunTimeMinutes: 720, estimatedDiskSpaceMb: 12 });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ disabled: true, maxRunTimeMinutes: 720, estimatedDiskSpaceMb: 12, commandLine: 'setup.exe /u' });
      const listed = await catalog.request<Page<ProgramData>>('GET', path);
      expect(listed.body.items.map((program) => [program.name, program.disabled])).toContainEqual(['Uninstall', true]);
      expect((await catalog.request('DELETE', `${path}/Uninstall`)).status).toBe(204);
      const gone = await catalog.request<{ code: string }>('GET', `${path}/Uninstall`);
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('PROGRAM_NOT_FOUND');
      const [deleted] = await reader.waitFor((e) => e.subject === packageId && e.type === EventTypes.catalog.programDeleted);
      expect(deleted.data).toEqual({ packageId, name: 'Uninstall' });
    });
  });

  it('deletes a package nobody uses, with its programs, and emits the deletion', async () => {
    const created = await createPackage({ name: 'Short-lived' });
    await catalog.request('POST', `/api/v1/packages/${created.id}/programs`, { name: 'Run', commandLine: 'run.exe' });
    expect((await catalog.request('DELETE', `/api/v1/packages/${created.id}`)).status).toBe(204);
    expect((await catalog.request('GET', `/api/v1/packages/${created.id}`)).status).toBe(404);
    const [event] = await reader.waitFor((e) => e.subject === created.id && e.type === EventTypes.catalog.packageDeleted);
    expect(event.data).toEqual({ id: created.id });
  });
});
