import type { AgentSettings } from '../cli/agent-args';
import { HttpError } from '../api/http';
import { PendingApprovalError } from '../api/service-client';
import { cycleOnce } from './agent-commands';
import type { EventLog } from './event-log';

/**
 * The service: a full cycle (inventory, policy poll, runs) every poll interval, and in between a
 * re-check every few seconds on the stored policy, so an opening maintenance window or a
 * scheduled time is noticed without polling, and unsent reports go out soon after the service
 * is back. Stops between cycles on SIGTERM or SIGINT.
 */
export async function runServiceLoop(settings: AgentSettings, log: EventLog): Promise<void> {
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let nextPollAt = 0;
  let quietUntil = 0;
  let inventoryHash: string | null = null;
  log.event('service-start', { dataDir: settings.dataDir, pollSeconds: settings.pollSeconds, recheckSeconds: settings.recheckSeconds });
  while (!stopping) {
    const poll = Date.now() >= nextPollAt;
    try {
      const result = await cycleOnce(settings, log, poll, inventoryHash);
      inventoryHash = result.inventoryHash;
      if (poll) {
        nextPollAt = Date.now() + settings.pollSeconds * 1000;
      }
    } catch (error) {
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
    }
    const pause = Math.max(0, Math.min(settings.recheckSeconds * 1000, nextPollAt - Date.now()), quietUntil - Date.now());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pause);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  log.event('service-stop', {});
}

/** How long to wait after a failed cycle: the re-check interval, or what a throttling service asked for if that is longer. */
export function retryDelaySeconds(error: unknown, recheckSeconds: number): number {
  const asked = error instanceof HttpError ? error.retryAfterSeconds : undefined;
  return Math.max(recheckSeconds, asked ?? 0);
}
