import { CLIENT_STATUS_MESSAGE_IDS } from '@sdp/contracts';
import { execFile } from 'node:child_process';
import { chmod, copyFile, link, lstat, open, rename, rm } from 'node:fs/promises';
import type { EventLog } from '../agent/event-log';
import type { StatusReporter } from '../agent/status-reporter';
import { resolveInside } from '../content/path-safety';
import type { StepResult } from '../decisions/chain-runner';
import type { ExecutionHistory } from '../state/execution-history';
import { agentVersion } from './agent-version';
import { clearPendingUpdate, PendingUpdate, readPendingUpdate, writePendingUpdate } from './pending-update';

/** The exit code by which the agent asks its supervisor to start the (new) executable again at once. */
export const EXIT_RESTART = 75;

/** Thrown once a new executable is in place: the service loop ends and the process exits with EXIT_RESTART. */
export class AgentRestartRequested extends Error {
  constructor(readonly toVersion: string) {
    super(`restarting as agent ${toVersion}`);
  }
}

const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const VERSION_TIMEOUT_MS = 30_000;

export interface SelfUpdaterOptions {
  /** The update marker in the data dir. */
  markerPath: string;
  /** The executable the supervisor starts (SDP_AGENT_EXECUTABLE); null when the agent runs without one. */
  installedExecutable: string | null;
  log: EventLog;
  platform?: NodeJS.Platform;
}

export interface StageRequest {
  /** The update package's verified content folder, and the new executable's path inside it. */
  packageFolder: string;
  executable: string;
  advertisementId: string;
  occurrence: string;
  user?: string;
  runId: string;
}

/**
 * Self-update: puts a verified new executable in the place of the running one, keeping the old one
 * beside it for a rollback, and settles the outcome when the next agent starts. The supervisor
 * (`sdp-agent supervise`, what the installed service runs) starts the new executable, and puts the
 * old one back when the new one does not come up and report within its timeout.
 */
export class SelfUpdater {
  constructor(private readonly options: SelfUpdaterOptions) {}

  /** Refuses (a FAILED result) or stages the update and throws AgentRestartRequested; "already this version" succeeds at once. */
  async stage(request: StageRequest): Promise<StepResult> {
    const installed = this.options.installedExecutable;
    if (installed === null) {
      return failed('self-update needs the agent to run as its installed service (under `sdp-agent supervise`), not from a checkout');
    }
    let candidate: string;
    try {
      candidate = resolveInside(request.packageFolder, request.executable);
      const stats = await lstat(candidate);
      if (!stats.isFile()) {
        return failed(`the update's executable ${request.executable} is not a regular file`);
      }
    } catch (error) {
      return failed(`the update's executable ${JSON.stringify(request.executable)} is not in the package: ${(error as Error).message}`);
    }
    await chmod(candidate, 0o755);
    let toVersion: string;
    try {
      toVersion = await versionOf(candidate);
    } catch (error) {
      return failed(`the update's executable does not run on this computer: ${(error as Error).message}`);
    }
    const fromVersion = agentVersion();
    if (toVersion === fromVersion) {
      return { outcome: 'SUCCEEDED', exitCode: 0, detail: `the agent is already version ${toVersion}` };
    }
    const previous = `${installed}.previous`;
    const staged = `${installed}.new`;
    await copyFile(candidate, staged);
    await chmod(staged, 0o755);
    await fsyncFile(staged);
    await writePendingUpdate(this.options.markerPath, {
      state: 'staged',
      advertisementId: request.advertisementId,
      occurrence: request.occurrence,
      ...(request.user === undefined ? {} : { user: request.user }),
      runId: request.runId,
      fromVersion,
      toVersion,
      executable: installed,
      previous,
      stagedAt: new Date().toISOString(),
    });
    await rm(previous, { force: true });
    if ((this.options.platform ?? process.platform) === 'win32') {
      // A running .exe can be renamed but not replaced.
      await rename(installed, previous);
    } else {
      await link(installed, previous);
    }
    // The swap itself is one rename: the installed path always names a whole executable.
    await rename(staged, installed);
    this.options.log.event('agent-update-staged', { advertisementId: request.advertisementId, fromVersion, toVersion });
    throw new AgentRestartRequested(toVersion);
  }

  /**
   * At the start of every cycle: an update staged by an earlier agent is settled here. The new
   * version confirms by reporting in (`reportIn`, which sends the inventory with its version)
   * and the update run ends SUCCEEDED; any other agent (the old one after a rollback) ends it FAILED.
   */
  async settle(history: ExecutionHistory, reporter: StatusReporter, reportIn: () => Promise<void>): Promise<void> {
    const pending = await readPendingUpdate(this.options.markerPath);
    if (pending === undefined) {
      return;
    }
    const running = agentVersion();
    if (pending.state === 'staged' && running === pending.toVersion) {
      await reportIn();
      await this.finish(pending, history, reporter, { outcome: 'SUCCEEDED', exitCode: 0, detail: `agent updated from ${pending.fromVersion} to ${pending.toVersion}` });
      this.options.log.event('agent-updated', { fromVersion: pending.fromVersion, toVersion: pending.toVersion });
      return;
    }
    const why = pending.reason ?? `the agent that started is version ${running}, not ${pending.toVersion}`;
    await this.finish(pending, history, reporter, {
      outcome: 'FAILED',
      exitCode: null,
      detail: `agent update to ${pending.toVersion} failed, version ${running} runs: ${why}`,
    });
    this.options.log.error(`agent update to ${pending.toVersion} failed: ${why}`);
  }

  private async finish(pending: PendingUpdate, history: ExecutionHistory, reporter: StatusReporter, result: StepResult): Promise<void> {
    await history.recordFinish(pending.runId, result, new Date());
    await history.markHandled(pending.advertisementId, pending.occurrence, result.outcome, pending.user);
    await reporter.report({
      advertisementId: pending.advertisementId,
      state: result.outcome,
      messageId: result.outcome === 'SUCCEEDED' ? CLIENT_STATUS_MESSAGE_IDS.succeeded : CLIENT_STATUS_MESSAGE_IDS.failed,
      exitCode: result.exitCode,
      detail: result.detail,
    });
    await clearPendingUpdate(this.options.markerPath);
  }
}

function failed(detail: string): StepResult {
  return { outcome: 'FAILED', exitCode: null, detail };
}

/** `EXECUTABLE --version`: the first line, which must be a version; the executable proves it runs here by answering. */
function versionOf(executable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, ['--version'], { timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024, env: { PATH: process.env.PATH ?? '' } }, (error, stdout) => {
      if (error) {
        reject(new Error(`--version: ${error.message.split('\n')[0]}`));
        return;
      }
      const version = stdout.split('\n')[0].trim();
      if (!VERSION_PATTERN.test(version)) {
        reject(new Error(`--version printed ${JSON.stringify(version.slice(0, 60))}, not a version`));
        return;
      }
      resolve(version);
    });
  });
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
