import { EventTypes, PackageData, ProgramData } from '@sdp/contracts';
import { ADMIN_TOKEN, CatalogHarness, TopicReader } from '../test-support/catalog-harness';
import { ImportedDefinition } from './package-definitions.service';

const DEFINITION = [
  '[PDF]',
  'Version=2.0',
  '[Package Definition]',
  'Name=Contoso Reader',
  'Version=4.2',
  'Publisher=Contoso',
  'Language=English',
  'Comment=PDF reader',
  'Programs=Install, Runtime',
  'MIFFileName=reader.mif',
  '[Install]',
  'Name=Install',
  'CommandLine=msiexec /i reader.msi /qn',
  'CanRunWhen=NoUserLoggedOn',
  'AdminRightsRequired=True',
  'EstimatedDiskSpace=20MB',
  'EstimatedRunTime=15',
  'SupportedClients=Win NT (I386),Win NT (x64)',
  'AfterRunning=SMSRestart',
  'Dependency=Runtime',
  '[Runtime]',
  'Name=Runtime',
  'CommandLine=vcredist.exe /q',
  '[Extras]',
  'Foo=bar',
].join('\r\n');

describe('package definition import (real PostgreSQL, Kafka)', () => {
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

  async function post<T>(body: string | Buffer, contentType = 'text/plain'): Promise<{ status: number; body: T }> {
    const response = await fetch(`${catalog.service.url}/api/v1/package-definitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      body,
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function packageCount(): Promise<number> {
    return (await catalog.request<{ items: PackageData[] }>('GET', '/api/v1/packages?limit=200')).body.items.length;
  }

  it('creates the package and its programs in one go, with events and warnings', async () => {
    const response = await post<ImportedDefinition>(DEFINITION);
    expect(response.status).toBe(201);
    const { package: created, programs, warnings } = response.body;
    expect(created).toMatchObject({ name: 'Contoso Reader', version: '4.2', manufacturer: 'Contoso', language: 'English', description: 'PDF reader' });
    expect(programs.map((program) => program.name)).toEqual(['Runtime', 'Install']);
    const install = (await catalog.request<ProgramData>('GET', `/api/v1/packages/${created.id}/programs/Install`)).body;
    expect(install).toMatchObject({
      commandLine: 'msiexec /i reader.msi /qn',
      runWhen: 'no-user',
      runAs: 'admin',
      estimatedDiskSpaceMb: 20,
      maxRunTimeMinutes: 15,
      platforms: [{ os: 'windows', arch: 'x86' }, { os: 'windows', arch: 'x64' }],
      afterRunning: 'system-restart',
      dependsOn: { packageId: created.id, program: 'Runtime', alwaysRunFirst: false },
    });
    expect(warnings).toEqual(['[Package Definition] MIFFileName (line 10) is not imported', 'section [Extras] (line 24) is not a listed program; ignored']);

    const events = await reader.waitFor((event) => event.subject === created.id, 3);
    expect(events.map((event) => event.type)).toEqual([EventTypes.catalog.packageCreated, EventTypes.catalog.programCreated, EventTypes.catalog.programCreated]);
  });

  it('refuses a malformed file with 422 naming the line and key, creating nothing', async () => {
    const before = await packageCount();
    const broken = DEFINITION.replace('EstimatedRunTime=15', 'EstimatedRunTime=900');
    const response = await post<{ statusCode: number; code: string; message: string }>(broken, 'application/octet-stream');
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PACKAGE_DEFINITION_INVALID');
    expect(response.body.message).toBe('line 17 EstimatedRunTime: must be 1..720 minutes, got 900');

    const missing = await post<{ message: string }>(DEFINITION.replace('Programs=Install, Runtime', 'Programs=Install, Runtime, Uninstall'));
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain('line 9 Programs: program Uninstall is listed but has no [Uninstall] section');

    expect((await post<{ message: string }>('[PDF]\nVersion=2.0\n')).status).toBe(422);
    expect(await packageCount()).toBe(before);
  });

  it('refuses JSON with 415 and a body over 1 MiB with 413', async () => {
    const json = await post<{ code: string }>('{}', 'application/json');
    expect([json.status, json.body.code]).toEqual([415, 'PACKAGE_DEFINITION_TYPE_UNSUPPORTED']);
    const tooLarge = await post<{ code: string }>(Buffer.alloc(1024 * 1024 + 1, 0x3b));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('PACKAGE_DEFINITION_TOO_LARGE');
  });
});
