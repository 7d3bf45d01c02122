import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './command-runner';

const onUnix = process.platform === 'win32' ? describe.skip : describe;

onUnix('running a command line', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-run-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs through the shell in the working directory and returns the exit code and output', async () => {
    const result = await runCommand({ commandLine: 'pwd; echo "$SDP_TEST_VALUE"; exit 3', cwd: dir, env: { ...process.env, SDP_TEST_VALUE: 'from-env' }, maxRunTimeMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, startError: null });
    expect(result.output.stdout.split('\n')).toEqual([expect.stringContaining('agent-run-'), 'from-env', '']);
    expect(result.output).toMatchObject({ stderr: '', truncated: false });
  });

  it('keeps only the escaped tail of each stream of a program that writes 1 MiB and control characters', async () => {
    const result = await runCommand({
      commandLine: `head -c 1048576 /dev/zero | tr '\\0' 'a'; printf 'END\\033[31m\\n'; printf 'denied\\007\\n' >&2; exit 1`,
      cwd: dir,
      env: process.env,
      maxRunTimeMs: 10_000,
      outputTailBytes: 1024,
    });
    expect(result.exitCode).toBe(1);
    expect(result.output.stdout).toBe(`${'a'.repeat(1024 - 'END\\u{001B}[31m\n'.length)}END\\u{001B}[31m\n`);
    expect(Buffer.byteLength(result.output.stdout)).toBe(1024);
    expect(result.output).toMatchObject({ stderr: 'denied\\u{0007}\n', truncated: true });
  });

  it('kills the whole process group at the maximum run time', async () => {
    const started = Date.now();
    const marker = join(dir, 'survivor');
    const startedPids: number[] = [];
    const result = await runCommand({
      commandLine: `(sleep 3; touch ${marker}) & sleep 30`,
      cwd: dir,
      env: process.env,
      maxRunTimeMs: 300,
      onStarted: (pid) => void startedPids.push(pid),
    });
    expect(startedPids).toHaveLength(1);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await expect(import('node:fs/promises').then((fs) => fs.stat(marker))).rejects.toThrow();
  });

  it('reports a working directory that does not exist as a start error', async () => {
    const result = await runCommand({ commandLine: 'true', cwd: join(dir, 'missing'), env: process.env, maxRunTimeMs: 1_000 });
    expect(result.startError).toContain('ENOENT');
  });
});
