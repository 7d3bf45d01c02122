import type { AgentSettings } from '../cli/agent-args';
import { HttpError } from '../api/http';
import { PendingApprovalError } from '../api/service-client';
import { startAgentMetering } from '../metering/start-agent-metering';
import { AgentPush, PushedPolicy } from '../push/agent-push';
import { AgentRestartRequested } from '../self-update/self-updater';
import { cycleOnce } from './agent-commands';
import type { EventLog } from './event-log';

/**
 * The service: a full cycle (inventory, policy poll, runs) every poll interval, and in between a
 * re-check every few seconds on the stored policy, so an opening maintenance window or a
 * scheduled time is noticed without polling, and unsent reports go out soon after the service
 * is back. Ends early, returning 'restart', once a self-update put a new executable in place. With push on, the advertisement service's notification that the policy changed brings
 * the poll forward (the interval stays the fallback); when it carried the policy, the next cycle takes that instead of
 * fetching — unless a poll was under way or ended after it arrived (the poll may have read a newer one: fetch again).
 * Stops between cycles on SIGTERM or SIGINT.
 */
export async function runServiceLoop(settings: AgentSettings, log: EventLog): Promise<'stopped' | 'restart'> {
  let stopping = false;
  let restart = false;
  let pollRequested = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  let nextPollAt = 0;
  let quietUntil = 0;
  // Told by push that the policy changed: poll now, unless a throttling service asked for quiet.
  const pushedPollDue = () => pollRequested && Date.now() >= quietUntil;
  let pushedPolicy: PushedPolicy | undefined;
  let polling = false;
  let lastPollEndedAt = 0;
  const push = settings.push
    ? new AgentPush(settings, log, (pushed) => {
        pollRequested = true;
        pushedPolicy = pushed && !polling && pushed.receivedAt > lastPollEndedAt ? pushed : undefined;
        if (pushedPollDue()) {
          wake?.();
        }
      })
    : undefined;
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let inventoryHash: string | null = null;
  log.event('service-start', { dataDir: settings.dataDir, pollSeconds: settings.pollSeconds, recheckSeconds: settings.recheckSeconds, push: settings.push });
  // Metering samples on its own timer, beside the cycles (only with --metering).
  const metering = await startAgentMetering(settings, log);
  while (!stopping) {
    const pushedDue = pushedPollDue();
    const poll = Date.now() >= nextPollAt || (pushedDue && pushedPolicy === undefined);
    const pushed = poll || !pushedDue ? undefined : pushedPolicy;
    if (poll || pushedDue) {
      pollRequested = false;
      pushedPolicy = undefined;
    }
    polling = poll;
    try {
      const result = await cycleOnce(settings, log, poll, inventoryHash, pushed);
      inventoryHash = result.inventoryHash;
      if (poll) {
        nextPollAt = Date.now() + settings.pollSeconds * 1000;
      }
    } catch (error) {
      if (error instanceof AgentRestartRequested) {
        log.event('service-restart', { toVersion: error.toVersion });
        restart = true;
        break;
      }
      if (error instanceof PendingApprovalError) {
        log.event('pending-approval', { clientId: error.clientId, message: error.message });
      } else {
        log.error(`cycle failed, trying again: ${(error as Error).message}`);
      }
      // Not at once: a service that is down, or a computer still waiting for approval, is asked
      // again after the re-check interval — or later, if the service said how long to wait (429).
      const delaySeconds = retryDelaySeconds(error, settings.recheckSeconds);
      nextPollAt = Date.now() + delaySeconds * 1000;
      // Nothing at all, not even a re-check that sends reports, until a throttling service's wait is over.
      quietUntil = delaySeconds > settings.recheckSeconds ? nextPollAt : 0;
    } finally {
      if (polling) {
        polling = false;
        lastPollEndedAt = Date.now();
      }
    }
    await push?.refresh().catch((error: unknown) => log.error(`push channel not started: ${(error as Error).message}`));
    const pause = Math.max(0, Math.min(settings.recheckSeconds * 1000, nextPollAt - Date.now()), quietUntil - Date.now());
    if (stopping || pushedPollDue()) {
      continue;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pause);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }
  await push?.stop();
  await metering?.stop();
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  if (restart) {
    return 'restart';
  }
  log.event('service-stop', {});
  return 'stopped';
}

/** How long to wait after a failed cycle: the re-check interval, or what a throttling service asked for if that is longer. */
export function retryDelaySeconds(error: unknown, recheckSeconds: number): number {
  const asked = error instanceof HttpError ? error.retryAfterSeconds : undefined;
  return Math.max(recheckSeconds, asked ?? 0);
}
