import { CLIENT_STATUS_MESSAGE_IDS } from '@sdp/contracts';
import { createHash } from 'node:crypto';
import { evaluateAdvertisement, NOT_YET_AVAILABLE } from '../decisions/evaluate-advertisement';
import { planChain } from '../decisions/chain-plan';
import { retryGenerationOf } from '../decisions/retry-backoff';
import { dependsOnLoggedOnUsers } from '../decisions/run-when';
import type { PolicyAdvertisement, PolicyBody } from '@sdp/contracts';
import { killTree } from '../run/command-runner';
import type { AgentContext } from './agent-context';
import { adoptPushedPolicy, currentPolicy } from './policy-source';
import { reportedPackageVersion } from './status-reporter';

export interface CycleOptions {
  /** Poll the policy (and send inventory); otherwise only re-check schedules on the stored policy. */
  poll: boolean;
  /** Hash of the inventory sent last by this process; unchanged inventory sends a heartbeat instead. */
  lastInventoryHash: string | null;
  /** The policy the service pushed (not polling): stored and acted on as a fetched one would be. */
  pushed?: { etag: string; body: PolicyBody };
}

export interface CycleResult {
  policyAvailable: boolean;
  inventoryHash: string | null;
}

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** One pass: recover, report in, poll, act on every advertisement that is due, flush reports. */
export async function runCycle(context: AgentContext, options: CycleOptions): Promise<CycleResult> {
  let inventoryHash = options.lastInventoryHash;
  // Before recovering interrupted runs: an agent update's run ended with the old agent's exit on purpose.
  await context.selfUpdate.settle(context.history, context.reporter, async () => {
    inventoryHash = await sendInventory(context, null, { required: true });
  });
  await recoverInterruptedRuns(context);
  if (options.poll) {
    inventoryHash = await sendInventory(context, inventoryHash);
  }
  await context.reporter.flush();
  const policy = options.pushed ? await adoptPushedPolicy(context, options.pushed.etag, options.pushed.body) : await currentPolicy(context, options.poll);
  if (policy) {
    await actOnPolicy(context, policy, options.poll);
  }
  await context.reporter.flush();
  return { policyAvailable: policy !== undefined, inventoryHash };
}

/**
 * A run still RUNNING in the history was cut short by a crash or kill of the agent. It is not
 * run again on its own (it may have done half its work): whatever of it still runs is killed
 * (an unsupervised program must not outlive its maximum run time or overlap a rerun), it is
 * reported FAILED "interrupted", and the rerun rule decides at the advertisement's next occurrence.
 */
export async function recoverInterruptedRuns(context: AgentContext): Promise<void> {
  for (const run of context.history.interrupted()) {
    if (run.pid) {
      killTree(run.pid);
    }
    const detail = `interrupted: the agent stopped while ${run.packageId}:${run.program} was running`;
    await context.history.recordFinish(run.id, { outcome: 'FAILED', exitCode: null, detail }, new Date());
    await context.history.markHandled(run.advertisementId, run.occurrence, 'FAILED', run.user);
    await context.reporter.report({ advertisementId: run.advertisementId, state: 'FAILED', messageId: CLIENT_STATUS_MESSAGE_IDS.failed, detail, packageVersion: reportedPackageVersion(run.contentVersion) });
  }
}

/** `required`: a failure throws (the cycle fails) instead of being logged. */
async function sendInventory(context: AgentContext, lastHash: string | null, options: { required?: boolean } = {}): Promise<string | null> {
  const document = await context.inventory();
  const { hardwareId: _hardwareId, ...body } = document;
  const hash = createHash('sha256').update(JSON.stringify({ ...body, inventory: { ...body.inventory, disks: undefined } })).digest('hex');
  try {
    await context.session.call(async (credentials) => {
      if (hash === lastHash) {
        await context.services.heartbeat(credentials);
      } else {
        await context.services.putInventory(credentials, body);
      }
    });
    context.log.event(hash === lastHash ? 'heartbeat' : 'inventory', hash === lastHash ? {} : { name: body.name, os: body.os, ipAddresses: body.ipAddresses });
    return hash;
  } catch (error) {
    if (options.required) {
      throw error;
    }
    context.log.error(`inventory not sent: ${(error as Error).message}`);
    return lastHash;
  }
}

async function actOnPolicy(context: AgentContext, policy: PolicyBody, poll: boolean): Promise<void> {
  const { history, reporter } = context;
  const ordered = [...policy.advertisements].sort(
    (left, right) => PRIORITY_ORDER[left.priority] - PRIORITY_ORDER[right.priority] || left.advertisementId.localeCompare(right.advertisementId),
  );
  for (const advertisement of ordered) {
    const now = new Date();
    const advertisementId = advertisement.advertisementId;
    const packageVersion = reportedPackageVersion(advertisement.contentVersion);
    const retryGeneration = retryGenerationOf(advertisement);
    if (retryGeneration > history.retryGeneration(advertisementId)) {
      // The administrator's "retry failed": a failed last run no longer holds the advertisement back;
      // their "rerun" (the generation marked as one): no last run does.
      const rerun = (advertisement.rerunGeneration ?? 0) >= retryGeneration;
      await history.acceptRetryGeneration(advertisementId, retryGeneration, { rerun });
      context.log.event(rerun ? 'rerun-requested' : 'retry-requested', { advertisementId, retryGeneration });
    }
    const decision = await evaluate(context, advertisement, policy, now, poll, false);
    const offered = decision.kind !== 'expired' && !(decision.kind === 'ignore' && decision.why === NOT_YET_AVAILABLE);
    if (offered && !history.isAccepted(advertisementId)) {
      // In the same request as what follows (RUNNING, DOWNLOAD_IN_PROGRESS, WAITING…), or the cycle's last flush.
      await reporter.reportWithNext({ advertisementId, state: 'ACCEPTED', messageId: CLIENT_STATUS_MESSAGE_IDS.received, packageVersion });
      await history.update(advertisementId, { accepted: true });
    }
    switch (decision.kind) {
      case 'ignore':
        break;
      case 'expired':
        if (!history.expiredReported(advertisementId)) {
          await reporter.report({ advertisementId, state: 'EXPIRED', messageId: CLIENT_STATUS_MESSAGE_IDS.expired, detail: `expired at ${advertisement.expiresAt}`, packageVersion });
          await history.update(advertisementId, { expiredReported: true });
        }
        break;
      case 'will-not-rerun': {
        const lastRun = decision.user === undefined ? history.of(advertisementId).lastOutcome : history.of(advertisementId).lastOutcomeOfUser(decision.user);
        const ofUser = decision.user === undefined ? '' : ` for user ${decision.user}`;
        await reporter.report({
          advertisementId,
          state: 'WILL_NOT_RERUN',
          messageId: CLIENT_STATUS_MESSAGE_IDS.willNotRerun,
          detail: `rerun is ${advertisement.rerun} and the last run${ofUser} ended ${lastRun}`,
          packageVersion,
        });
        await history.markHandled(advertisementId, decision.occurrence, null);
        break;
      }
      case 'wait': {
        const waitingKey = `${decision.occurrence}:${decision.reason}`;
        if (history.lastWaiting(advertisementId) !== waitingKey) {
          await reporter.report({ advertisementId, state: 'WAITING', messageId: CLIENT_STATUS_MESSAGE_IDS.waiting, detail: `${decision.reason}: ${decision.detail}`, packageVersion });
          await history.update(advertisementId, { lastWaiting: waitingKey });
        }
        break;
      }
      case 'run':
        await context.runner.run(advertisement, decision.occurrence, decision.user);
        break;
    }
  }
}

export async function evaluate(context: AgentContext, advertisement: PolicyAdvertisement, policy: PolicyBody, now: Date, poll: boolean, requested: boolean) {
  const steps = planChain(advertisement, (packageId, program) => context.history.everSucceeded(packageId, program));
  return evaluateAdvertisement({
    advertisement,
    steps,
    history: context.history.of(advertisement.advertisementId),
    windows: policy.maintenanceWindows,
    now,
    pollCycle: poll,
    requested,
    // Asked afresh for each advertisement that cares (a run can take long), and only then.
    loggedOnUsers: dependsOnLoggedOnUsers(steps) ? await context.loggedOnUsers() : 'unknown',
  });
}
