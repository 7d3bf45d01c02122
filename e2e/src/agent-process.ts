import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSystem } from './system';

const root = join(__dirname, '../..');

/** What a test agent poses as: fields of the inventory file the agent merges over the machine's own. */
export interface AgentIdentity {
  name: string;
  hardwareId?: string;
  os?: { name: 'windows' | 'linux' | 'macos'; version: string; arch: 'x64' | 'arm64' | 'x86' };
  ipAddresses?: string[];
  /** Who is logged on, instead of asking the test machine (for runWhen). */
  loggedOnUsers?: string[];
  inventory?: Record<string, unknown>;
}

export interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The JSON lines the agent wrote to stdout, one per event. */
  events: Record<string, unknown>[];
}

/**
 * How an agent is started instead of `node dist/apps/agent/main.js`: a single executable (such as
 * the one a deb installs) with, optionally, the options file of its installer (service URLs and
 * enrollment secret baked in), in place of the test's flags.
 */
export interface AgentExecutable {
  executable: string;
  optionsFile?: string;
}

/** One managed computer: a data directory and the built agent run against one system. */
export class TestAgent {
  readonly dataDir: string;
  readonly inventoryFile: string;
  /** Where the demo programs of the tests append one line per run (the agent passes its environment on). */
  readonly runLog: string;
  private loop: ChildProcess | undefined;
  private loopOutput = '';

  constructor(
    private readonly system: RunningSystem,
    workDir: string,
    readonly identity: AgentIdentity,
    /** Another enrollment secret than the system's, e.g. one an admin created. */
    private readonly enrollmentSecret?: string,
    private readonly runAs?: AgentExecutable,
  ) {
    this.dataDir = join(workDir, identity.name);
    mkdirSync(this.dataDir, { recursive: true });
    this.inventoryFile = join(workDir, `${identity.name}.inventory.json`);
    this.runLog = join(workDir, `${identity.name}.runs.log`);
    this.writeInventory(identity);
  }

  /** Rewrites the inventory file, e.g. to log a user on; the agent reads it at every cycle. */
  writeInventory(identity: AgentIdentity): void {
    writeFileSync(this.inventoryFile, JSON.stringify({ hardwareId: `hw-${identity.name}`, ...identity }));
  }

  /** The program to start and its arguments. */
  private command(extra: string[]): [string, string[]] {
    const local = ['--data-dir', this.dataDir, '--inventory-file', this.inventoryFile];
    if (this.runAs?.optionsFile !== undefined) return [this.runAs.executable, [...extra, '--options-file', this.runAs.optionsFile, ...local]];
    if (this.runAs !== undefined) return [this.runAs.executable, this.args(extra)];
    return ['node', ['--enable-source-maps', join(root, 'dist/apps/agent/main.js'), ...this.args(extra)]];
  }

  private args(extra: string[]): string[] {
    const { urls } = this.system;
    const enrollmentSecret = this.enrollmentSecret ?? this.system.enrollmentSecret;
    return [
      ...extra,
      '--targeting',
      urls.targeting,
      '--advertisement',
      urls.advertisement,
      '--replication',
      urls.replication,
      '--enroll-secret',
      enrollmentSecret,
      '--data-dir',
      this.dataDir,
      '--inventory-file',
      this.inventoryFile,
    ];
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: process.env.HOME, RUN_LOG: this.runLog };
  }

  /** One full cycle (`--once`): register if needed, inventory, poll, run what is due, report. */
  once(extra: string[] = [], timeoutMs = 120_000): Promise<AgentRun> {
    return this.execute([...extra, '--once'], timeoutMs);
  }

  /** Any other command line, e.g. `available` or `run S0100003`. */
  execute(args: string[], timeoutMs = 120_000): Promise<AgentRun> {
    return new Promise((resolve, reject) => {
      const [program, programArgs] = this.command(args);
      const child = spawn(program, programArgs, { cwd: root, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`agent ${this.identity.name} ${args.join(' ')} did not end within ${timeoutMs} ms\n${stdout}\n${stderr}`));
      }, timeoutMs);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr, events: jsonLines(stdout) });
      });
    });
  }

  /**
   * Runs the agent as a service (its poll loop) until `stop`; `extra`: more flags, e.g. `--metering URL`;
   * `env`: settings the agent has no flag for, e.g. SDP_AGENT_RECHECK_SECONDS.
   */
  start(pollSeconds: number, extra: string[] = [], env: NodeJS.ProcessEnv = {}): void {
    this.loopOutput = '';
    const [program, programArgs] = this.command(['--poll-seconds', String(pollSeconds), ...extra]);
    this.loop = spawn(program, programArgs, { cwd: root, env: { ...this.env(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.loop.stdout?.on('data', (chunk: Buffer) => (this.loopOutput += chunk.toString()));
    this.loop.stderr?.on('data', (chunk: Buffer) => (this.loopOutput += chunk.toString()));
  }

  output(): string {
    return this.loopOutput;
  }

  /** Kills the service loop at once (-9), as a crash or power cut would: what it runs is left behind. */
  async kill(): Promise<void> {
    const loop = this.loop;
    if (loop && loop.exitCode === null && loop.signalCode === null) {
      const exited = new Promise((resolve) => loop.on('exit', resolve));
      loop.kill('SIGKILL');
      await exited;
    }
    this.loop = undefined;
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    if (loop && loop.exitCode === null && loop.signalCode === null) {
      const exited = new Promise((resolve) => loop.on('exit', resolve));
      loop.kill('SIGTERM');
      await exited;
    }
    this.loop = undefined;
  }
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
