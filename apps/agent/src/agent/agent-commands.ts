import { CLIENT_STATUS_MESSAGE_IDS } from '@sdp/contracts';
import { mkdir } from 'node:fs/promises';
import { PendingApprovalError } from '../api/service-client';
import type { AgentSettings } from '../cli/agent-args';
import type { PushedPolicy } from '../push/agent-push';
import { isOfferedToUser } from '../decisions/evaluate-advertisement';
import { acquireDataDirLock } from '../state/data-dir-lock';
import { dataDirLayout } from '../state/data-dir-layout';
import { AgentContext, loadAgentContext } from './agent-context';
import { evaluate, runCycle } from './agent-cycle';
import type { EventLog } from './event-log';
import { currentPolicy } from './policy-source';
import { reportedPackageVersion } from './status-reporter';

const CYCLE_LOCK_WAIT_MS = 13 * 60 * 60_000;
const COMMAND_LOCK_WAIT_MS = 60_000;

/** A failure that ends the program with a non-zero exit code (registration impossible, no policy at all). */
export class HardError extends Error {}

/** Runs `work` with the data dir locked and its state freshly loaded (another process may have changed it). */
async function withContext<T>(settings: AgentSettings, log: EventLog, lockWaitMs: number, work: (context: AgentContext) => Promise<T>): Promise<T> {
  await mkdir(settings.dataDir, { recursive: true, mode: 0o700 });
  const release = await acquireDataDirLock(dataDirLayout(settings.dataDir).lock, lockWaitMs);
  try {
    return await work(await loadAgentContext(settings, log));
  } finally {
    await release();
  }
}

async function ensureRegistered(context: AgentContext): Promise<void> {
  try {
    await context.session.credentials();
  } catch (error) {
    if (error instanceof PendingApprovalError) {
      throw error;
    }
    throw new HardError(`cannot register with targeting: ${(error as Error).message}`);
  }
}

/** One cycle; `--once` is exactly this. */
export async function cycleOnce(settings: AgentSettings, log: EventLog, poll: boolean, lastInventoryHash: string | null, pushed?: PushedPolicy) {
  return withContext(settings, log, CYCLE_LOCK_WAIT_MS, async (context) => {
    await ensureRegistered(context);
    const result = await runCycle(context, { poll, lastInventoryHash, pushed });
    log.event('cycle', { poll, pushed: pushed !== undefined, policyAvailable: result.policyAvailable, pendingReports: context.reporter.pendingCount });
    return result;
  });
}

/** `sdp-agent available`: the programs this computer may run on request. */
export async function listAvailable(settings: AgentSettings, log: EventLog): Promise<number> {
  return withContext(settings, log, COMMAND_LOCK_WAIT_MS, async (context) => {
    await ensureRegistered(context);
    const policy = await currentPolicy(context, true);
    if (!policy) {
      throw new HardError('no policy: the advertisement service cannot be reached and none is stored');
    }
    const now = new Date();
    const offered = policy.advertisements.filter((advertisement) => isOfferedToUser(advertisement, now));
    for (const advertisement of offered) {
      log.event('available', {
        advertisementId: advertisement.advertisementId,
        name: advertisement.name,
        packageId: advertisement.package.id,
        packageName: advertisement.package.name,
        program: advertisement.program.name,
        mandatory: advertisement.mandatory.length > 0,
        contentReady: advertisement.contentReady,
        lastOutcome: context.history.of(advertisement.advertisementId).lastOutcome ?? null,
      });
    }
    return offered.length;
  });
}

/** `sdp-agent run ID`: runs one offered program now, whatever its schedule, rerun rule or window says. */
export async function runRequested(settings: AgentSettings, log: EventLog, advertisementId: string): Promise<boolean> {
  return withContext(settings, log, COMMAND_LOCK_WAIT_MS, async (context) => {
    await ensureRegistered(context);
    await context.reporter.flush();
    const policy = await currentPolicy(context, true);
    const advertisement = policy?.advertisements.find((candidate) => candidate.advertisementId === advertisementId);
    if (!policy || !advertisement) {
      throw new HardError(`advertisement ${advertisementId} is not offered to this computer`);
    }
    if (!advertisement.allowUserToRunIndependently) {
      throw new HardError(`advertisement ${advertisementId} does not allow running it independently`);
    }
    const decision = await evaluate(context, advertisement, policy, new Date(), true, true);
    if (decision.kind === 'expired') {
      throw new HardError(`advertisement ${advertisementId} has expired`);
    }
    if (decision.kind === 'wait') {
      throw new HardError(`advertisement ${advertisementId} cannot run now: ${decision.detail}`);
    }
    if (decision.kind !== 'run') {
      throw new HardError(`advertisement ${advertisementId} cannot run now: ${decision.kind === 'ignore' ? decision.why : decision.kind}`);
    }
    if (!context.history.isAccepted(advertisementId)) {
      await context.reporter.report({ advertisementId, state: 'ACCEPTED', messageId: CLIENT_STATUS_MESSAGE_IDS.received, packageVersion: reportedPackageVersion(advertisement.contentVersion) });
      await context.history.update(advertisementId, { accepted: true });
    }
    const result = await context.runner.run(advertisement, decision.occurrence);
    await context.reporter.flush();
    return result.outcome === 'SUCCEEDED' || result.outcome === 'REBOOT_PENDING';
  });
}
