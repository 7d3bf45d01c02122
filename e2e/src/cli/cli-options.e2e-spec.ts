import { startSystem, RunningSystem } from '../system';
import { runSdp, SdpRun, sdpEnvironment } from './run-sdp';

// Issue 16, item 5: the built `sdp` against the running services — every bad option of a command
// line named in one run, and an empty token refused rather than swapped for the development one.
describe('sdp option checking', () => {
  let system: RunningSystem;
  let env: NodeJS.ProcessEnv;
  let packageId: string;

  const sdp = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<SdpRun> => runSdp(args, { ...env, ...extraEnv });
  const programsOf = async (): Promise<{ name: string; platforms: unknown }[]> => {
    const run = await sdp(['program', 'list', packageId, '--json']);
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as { items: { name: string; platforms: unknown }[] }).items;
  };

  beforeAll(async () => {
    // e2e/src/global-setup.ts has built dist/apps/cli with the services.
    system = await startSystem();
    env = sdpEnvironment(system);
    const created = await sdp(['package', 'create', '--name', `${system.runId} options`, '--json']);
    expect(created.code).toBe(0);
    packageId = (JSON.parse(created.stdout) as { id: string }).id;
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('names every bad option of one command line, one line each, exit 2, and changes nothing', async () => {
    const run = await sdp([
      'program', 'add', packageId, '--name', 'Install', '--command', './install.sh',
      '--max-run-time', 'soon', '--run-as', 'root', '--platform', 'linux/mips', '--colour', 'red', '--disk-space',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'sdp: unknown option --colour',
      'sdp: option --disk-space MB: argument missing',
      'sdp: --max-run-time must be a whole number, not "soon"',
      'sdp: --platform "linux/mips": CPU must be one of x86, x64, arm64, any',
      'sdp: --run-as must be one of admin, user, not "root"',
      'sdp: see sdp program add --help',
      '',
    ]);
    expect(await programsOf()).toEqual([]);
  });

  it('refuses an empty --token or SDP_TOKEN instead of falling back to the development token', async () => {
    const emptyFlag = await sdp(['package', 'list', '--token', '']);
    expect(emptyFlag.code).toBe(2);
    expect(emptyFlag.stdout).toBe('');
    expect(emptyFlag.stderr).toMatch(/^sdp: --token is empty: give the admin token.*\n$/);

    const emptyEnv = await sdp(['package', 'list'], { SDP_TOKEN: '' });
    expect(emptyEnv.code).toBe(2);
    expect(emptyEnv.stderr).toMatch(/^sdp: SDP_TOKEN is set but empty: give the admin token.*\n$/);

    // With both problems, both are named in the same run.
    const both = await sdp(['package', 'list', '--token', '', '--limit', 'all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('sdp: --token is empty: ');
    expect(both.stderr).toContain('sdp: --limit must be a whole number, not "all"\n');

    // The right token still works when the variable is empty.
    const fine = await sdp(['package', 'show', packageId, '--token', system.adminToken], { SDP_TOKEN: '' });
    expect(fine.code).toBe(0);
  });

  it('takes --platform linux/any: a program for Linux on any architecture', async () => {
    const run = await sdp(['program', 'add', packageId, '--name', 'Install', '--command', './install.sh', '--platform', 'linux/any>=5.4']);
    expect(run.code).toBe(0);
    expect(await programsOf()).toMatchObject([{ name: 'Install', platforms: [{ os: 'linux', arch: 'any', minVersion: '5.4' }] }]);
  });
});
