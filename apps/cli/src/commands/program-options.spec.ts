import { inputOf } from '../test-support/values-of';
import { createProgramBody, programFields } from './program-options';

describe('program add options', () => {
  it('maps every option to its program field', () => {
    const { values } = inputOf([
      'program', 'add', 'S0100001', '--name', 'Install', '--command', 'msiexec /i reader.msi /qn',
      '--platform', 'windows/x64>=10.0', '--platform', 'linux/arm64', '--max-run-time', '120', '--run-as', 'user',
      '--depends-on', 's0100002:Runtime', '--always-run-first', '--working-directory', 'setup', '--success-exit-code', '0',
      '--success-exit-code', '3010', '--reboot-exit-code', '1641,3011', '--retry-exit-code=-1', '--run-when', 'no-user',
      '--run-window', 'hidden', '--after-running', 'system-restart', '--run-once-per', 'user', '--category', 'Office',
      '--disk-space', '250', '--user-interaction', '--suppress-notifications', '--disable',
    ]);
    expect(createProgramBody(values)).toEqual({
      name: 'Install',
      commandLine: 'msiexec /i reader.msi /qn',
      platforms: [
        { os: 'windows', arch: 'x64', minVersion: '10.0' },
        { os: 'linux', arch: 'arm64' },
      ],
      maxRunTimeMinutes: 120,
      runAs: 'user',
      dependsOn: { packageId: 'S0100002', program: 'Runtime', alwaysRunFirst: true },
      workingDirectory: 'setup',
      successExitCodes: [0, 3010],
      rebootExitCodes: [1641, 3011],
      retryExitCodes: [-1],
      runWhen: 'no-user',
      runWindow: 'hidden',
      afterRunning: 'system-restart',
      runOncePer: 'user',
      category: 'Office',
      estimatedDiskSpaceMb: 250,
      allowUserInteraction: true,
      suppressNotifications: true,
      disabled: true,
    });
  });

  it('sends only name and command line when nothing else is given, so the defaults apply', () => {
    expect(createProgramBody(inputOf(['program', 'add', 'S0100001', '--name', 'Go', '--command', 'run.sh']).values)).toEqual({ name: 'Go', commandLine: 'run.sh' });
  });

  it('requires --name and --command', () => {
    expect(() => createProgramBody(inputOf(['program', 'add', 'S0100001', '--command', 'x']).values)).toThrow('--name is required');
    expect(() => createProgramBody(inputOf(['program', 'add', 'S0100001', '--name', 'x']).values)).toThrow('--command is required');
  });

  it('checks values before anything is sent', () => {
    const body = (...args: string[]) => () => programFields(inputOf(['program', 'update', 'S0100001', 'Install', ...args]).values);
    expect(body('--max-run-time', '0')).toThrow('--max-run-time must be between 1 and 720, not 0');
    expect(body('--max-run-time', '2h')).toThrow('--max-run-time must be a whole number, not "2h"');
    expect(body('--run-as', 'root')).toThrow('--run-as must be one of admin, user, not "root"');
    expect(body('--depends-on', 'S0100002')).toThrow('--depends-on must be PACKAGE_ID:PROGRAM');
    expect(body('--always-run-first')).toThrow('--always-run-first needs --depends-on');
    expect(body('--enable', '--disable')).toThrow('--disable and --enable contradict each other');
  });

  it('lets an update remove the dependency and re-enable the program', () => {
    expect(programFields(inputOf(['program', 'update', 'S0100001', 'Install', '--depends-on', 'none', '--enable']).values)).toEqual({ dependsOn: null, disabled: false });
  });
});
