import { ChildProcess, spawn } from 'node:child_process';
import { rename } from 'node:fs/promises';
import type { EventLog } from '../agent/event-log';
import { readPendingUpdate, writePendingUpdate } from './pending-update';
import { EXIT_RESTART } from './self-updater';

export interface SupervisorOptions {
  /** The installed agent executable: what an update replaces, started afresh after each exit. */
  executable: string;
  /** The agent's arguments (its service command). */
  args: readonly string[];
  /** The update marker in the agent's data dir. */
  markerPath: string;
  /** How long a newly updated agent has to come up and report in before the old one is put back. */
  confirmTimeoutMs: number;
  log: EventLog;
  env?: NodeJS.ProcessEnv;
  /** The wait before starting an agent again after it failed for the n-th time in a row. */
  restartDelayMs?: (failures: number) => number;
  /** How often a pending update's marker is looked at. */
  checkIntervalMs?: number;
  /** For tests: resolves to stop the supervisor (as SIGTERM does). */
  stopSignal?: Promise<void>;
}

const STABLE_RUN_MS = 5 * 60_000;
const KILL_GRACE_MS = 10_000;

/** 1 s, 2 s, 4 s … up to 60 s. */
export function defaultRestartDelayMs(failures: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * `sdp-agent supervise`: what the installed service runs. It keeps the agent running — started
 * again after a failure, with a growing wait, at once after a self-update asked for a restart — and
 * owns the update's safety net: an updated agent that exits, or does not report in within
 * `confirmTimeoutMs`, is stopped, the previous executable is put back, and the old agent started,
 * which then reports the update FAILED. The service manager only has to keep this process alive.
 */
export async function runSupervisor(options: SupervisorOptions): Promise<number> {
  const { log } = options;
  const restartDelay = options.restartDelayMs ?? defaultRestartDelayMs;
  const checkInterval = options.checkIntervalMs ?? 1000;
  let stopping = false;
  let child: ChildProcess | undefined;
  let wakeStop: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => {
    wakeStop = resolve;
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    child?.kill('SIGTERM');
    wakeStop?.();
  };
  const onSignal = () => stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  void options.stopSignal?.then(stop);
  let failures = 0;
  let lastExit = 0;
  try {
    while (!stopping) {
      const startedAt = Date.now();
      const pendingAtStart = await readPendingUpdate(options.markerPath);
      // The update this agent must confirm, if it is a newly staged executable.
      const awaited = pendingAtStart?.state === 'staged' ? pendingAtStart : undefined;
      child = spawn(options.executable, [...options.args], {
        stdio: 'inherit',
        env: { ...(options.env ?? process.env), SDP_AGENT_EXECUTABLE: options.executable },
      });
      log.event('supervisor-start-agent', { executable: options.executable, ...(awaited ? { confirming: awaited.toVersion } : {}) });
      const exited = exitOf(child);
      let confirmed = awaited === undefined;
      let timedOut = false;
      if (awaited) {
        const outcome = await confirmation(options.markerPath, awaited.stagedAt, exited, startedAt + options.confirmTimeoutMs, checkInterval);
        confirmed = outcome === 'confirmed';
        timedOut = outcome === 'timed-out';
        if (timedOut) {
          await terminate(child, exited);
        }
      }
      const exit = await exited;
      lastExit = exit.code ?? 1;
      if (stopping) break;
      const pending = await readPendingUpdate(options.markerPath);
      if (!confirmed && awaited && pending?.state === 'staged' && pending.stagedAt === awaited.stagedAt) {
        // The new executable did not come up: the old one goes back and reports the failure.
        const reason = timedOut
          ? `it did not report in within ${Math.round(options.confirmTimeoutMs / 1000)} s`
          : `it exited with ${exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`} before reporting in`;
        await rename(pending.previous, pending.executable);
        await writePendingUpdate(options.markerPath, { ...pending, state: 'rolled-back', reason });
        log.error(`agent update to ${pending.toVersion} rolled back to ${pending.fromVersion}: ${reason}`);
        continue;
      }
      if (exit.code === EXIT_RESTART) {
        failures = 0;
        continue;
      }
      failures = Date.now() - startedAt >= STABLE_RUN_MS ? 1 : failures + 1;
      const delay = restartDelay(failures);
      log.error(`agent exited with ${exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`}; starting it again in ${Math.round(delay / 1000)} s`);
      await within(stopped, delay);
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  log.event('supervisor-stop', {});
  return stopping ? 0 : lastExit;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('error', () => resolve({ code: 127, signal: null }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * Waits until the update staged at `stagedAt` is settled (the marker gone or another update's):
 * 'confirmed'; or the deadline passes first: 'timed-out'; or the agent exits first: 'exited'.
 */
async function confirmation(markerPath: string, stagedAt: string, exited: Promise<Exit>, deadline: number, intervalMs: number): Promise<'confirmed' | 'timed-out' | 'exited'> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  while (!hasExited) {
    const pending = await readPendingUpdate(markerPath).catch(() => undefined);
    if (pending?.state !== 'staged' || pending.stagedAt !== stagedAt) {
      return 'confirmed';
    }
    if (Date.now() >= deadline) {
      return 'timed-out';
    }
    await within(exited, intervalMs);
  }
  return 'exited';
}

async function terminate(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
  child.kill('SIGTERM');
  if ((await within(exited, KILL_GRACE_MS)) === 'timeout') {
    child.kill('SIGKILL');
  }
}

/** The promise's value, or 'timeout' after ms; the timer does not outlive the wait. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
