import { DefinitionRejected } from './definition-rejected';
import { parsePackageDefinition } from './package-definition';

/** The shape SMS 2003 wrote for an Office-like package: two programs, one depending on the other. */
const SMS_DEFINITION = [
  '[PDF]',
  'Version=2.0',
  '',
  '[Package Definition]',
  'Name=Office Professional',
  'Version=11.0',
  'Icon=setup.exe, 0',
  'Publisher=Microsoft',
  'Language=English',
  'Comment=Office suite, quiet install',
  'Programs=Typical, Prerequisites',
  '',
  '[Typical]',
  'Name=Typical',
  'Icon=setup.exe, 0',
  'Comment=Installs the typical components',
  'CommandLine=setup.exe /qb- TRANSFORMS=typical.mst',
  'StartIn=files',
  'Run=Minimized',
  'AfterRunning=SMSRestart',
  'EstimatedDiskSpace=250MB',
  'EstimatedRunTime=45',
  'AdditionalProgramRequirements=',
  'CanRunWhen=AnyUserStatus',
  'UserInputRequired=False',
  'AdminRightsRequired=True',
  'UseInstallAccount=True',
  'DriveLetterConnection=False',
  'Assignment=FirstUser',
  'Disabled=False',
  'Dependency=Prerequisites',
  'SupportedClients=Win NT (I386),Win NT (x64)',
  '',
  '[Prerequisites]',
  'Name=Prerequisites',
  'CommandLine=prereq.cmd',
  'CanRunWhen=UserLoggedOn',
  'UserInputRequired=True',
  'AdminRightsRequired=False',
  'EstimatedDiskSpace=Unknown',
  'EstimatedRunTime=Unknown',
  'AfterRunning=ProgramRestart',
  '',
  '[Win NT (I386)]',
  'MinVersion1=5.00.2195.4',
  '',
].join('\r\n');

function rejection(text: string): DefinitionRejected {
  try {
    parsePackageDefinition(text);
  } catch (error) {
    if (error instanceof DefinitionRejected) return error;
    throw error;
  }
  throw new Error('the definition was accepted');
}

function minimal(programLines: string[], packageLines: string[] = ['Programs=Install']): string {
  return ['[PDF]', 'Version=2.0', '[Package Definition]', 'Name=Tool', ...packageLines, '[Install]', 'CommandLine=setup.exe', ...programLines].join('\n');
}

describe('parsePackageDefinition', () => {
  it('reads a realistic SMS definition: package fields, programs in dependency order, warnings for what it does not import', () => {
    const definition = parsePackageDefinition(SMS_DEFINITION);
    expect(definition.package).toEqual({ name: 'Office Professional', version: '11.0', manufacturer: 'Microsoft', language: 'English', description: 'Office suite, quiet install' });
    expect(definition.programs.map((program) => program.name)).toEqual(['Prerequisites', 'Typical']);
    const [prerequisites, typical] = definition.programs;
    expect(typical.dependsOnProgram).toBe('Prerequisites');
    expect(typical.fields).toMatchObject({
      commandLine: 'setup.exe /qb- TRANSFORMS=typical.mst',
      workingDirectory: 'files',
      runWindow: 'minimized',
      afterRunning: 'system-restart',
      estimatedDiskSpaceMb: 250,
      maxRunTimeMinutes: 45,
      runWhen: 'any',
      allowUserInteraction: false,
      runAs: 'admin',
      runOncePer: 'computer',
      disabled: false,
      dependsOn: null,
      platforms: [{ os: 'windows', arch: 'x86' }, { os: 'windows', arch: 'x64' }],
    });
    expect(prerequisites.fields).toMatchObject({
      runWhen: 'user-logged-on',
      allowUserInteraction: true,
      runAs: 'user',
      estimatedDiskSpaceMb: null,
      maxRunTimeMinutes: 120,
      afterRunning: 'program-restarts',
      platforms: 'any',
    });
    expect(prerequisites.dependsOnProgram).toBeNull();
    expect(definition.warnings).toEqual([
      '[Package Definition] Icon (line 7) is not imported',
      '[Typical] Icon (line 15) is not imported',
      '[Typical] Comment (line 16) is not imported',
      '[Typical] AdditionalProgramRequirements (line 23) is not imported',
      '[Typical] UseInstallAccount (line 27) is not imported',
      '[Typical] DriveLetterConnection (line 28) is not imported',
      'section [Win NT (I386)] (line 44) is not a listed program; ignored',
    ]);
  });

  it('maps logoff, Linux and macOS clients, GB sizes and a missing [PDF] (with a warning)', () => {
    const text = ['[Package Definition]', 'Name=Tool', 'Programs=Install', '[Install]', 'CommandLine=install.sh', 'AfterRunning=SMSLogoff', 'EstimatedDiskSpace=1.5 GB', 'SupportedClients=Linux,macOS (arm64)'].join('\n');
    const definition = parsePackageDefinition(text);
    expect(definition.programs[0].fields).toMatchObject({
      afterRunning: 'logoff',
      estimatedDiskSpaceMb: 1536,
      platforms: [{ os: 'linux', arch: 'x64' }, { os: 'linux', arch: 'arm64' }, { os: 'macos', arch: 'arm64' }],
    });
    expect(definition.warnings).toEqual(['no [PDF] section; read as version 2.0']);
  });

  it('refuses a file without [Package Definition]', () => {
    expect(rejection('[PDF]\nVersion=2.0\n').message).toBe('the file has no [Package Definition] section');
  });

  it('refuses a listed program without its section, naming the Programs line', () => {
    const error = rejection(minimal([], ['Programs=Install, Uninstall']));
    expect(error).toMatchObject({ line: 5, key: 'Programs' });
    expect(error.message).toContain('program Uninstall is listed but has no [Uninstall] section');
  });

  it.each([
    ['EstimatedRunTime=721', 8, 'EstimatedRunTime', 'must be 1..720 minutes, got 721'],
    ['EstimatedRunTime=0', 8, 'EstimatedRunTime', 'must be 1..720 minutes, got 0'],
    ['EstimatedRunTime=ten', 8, 'EstimatedRunTime', 'not a whole number of minutes'],
    ['CanRunWhen=Sometimes', 8, 'CanRunWhen', 'is not one of'],
    ['AdminRightsRequired=Maybe', 8, 'AdminRightsRequired', 'is not True or False'],
    ['EstimatedDiskSpace=lots', 8, 'EstimatedDiskSpace', 'not a size like 20MB'],
    ['SupportedClients=Win NT (IA64)', 8, 'SupportedClients', 'unknown client platform "Win NT (IA64)"'],
    ['SupportedClients=Win NT (x64),Win NT (AMD64)', 8, 'SupportedClients', 'windows/x64 is listed twice'],
    ['StartIn=..\\outside', 8, 'StartIn', 'must be a path relative to the package root'],
    ['AfterRunning=Reboot', 8, 'AfterRunning', 'is not one of'],
  ])('refuses %s naming line and key', (line, expectedLine, key, why) => {
    const error = rejection(minimal([line]));
    expect(error).toMatchObject({ line: expectedLine, key });
    expect(error.message).toContain(why);
  });

  it('refuses a dependency outside the file and a dependency loop', () => {
    expect(rejection(minimal(['Dependency=Other']))).toMatchObject({ line: 8, key: 'Dependency' });
    const loop = ['[Package Definition]', 'Name=Tool', 'Programs=A,B', '[A]', 'CommandLine=a', 'Dependency=B', '[B]', 'CommandLine=b', 'Dependency=A'].join('\n');
    expect(rejection(loop).message).toContain('dependency loop: A → B → A');
  });

  it('refuses lines that are not INI, repeated keys, a missing command line and an unsupported PDF version', () => {
    expect(rejection(minimal(['not an entry']))).toMatchObject({ line: 8 });
    expect(rejection(minimal(['CommandLine=again']))).toMatchObject({ line: 8, key: 'CommandLine' });
    expect(rejection('[Package Definition]\nName=Tool\nPrograms=Install\n[Install]\nName=Install\n').message).toContain('needs a CommandLine');
    expect(rejection('[PDF]\nVersion=3.0\n[Package Definition]\nName=Tool\n')).toMatchObject({ line: 2, key: 'Version' });
    expect(rejection('[Package Definition]\nVersion=1\n')).toMatchObject({ key: 'Name' });
  });
});
