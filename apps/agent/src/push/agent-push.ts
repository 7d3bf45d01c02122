import type { PolicyBody } from '@sdp/contracts';
import type { EventLog } from '../agent/event-log';
import { storedPolicyEtag } from '../agent/policy-source';
import type { Credentials } from '../api/service-client';
import type { AgentSettings } from '../cli/agent-args';
import { readJsonFile } from '../state/atomic-file';
import { dataDirLayout, DataDirLayout } from '../state/data-dir-layout';
import { NotificationChannel } from './notification-channel';

/**
 * The service's push: the notification channel of the registered client, and when a notification
 * is worth a poll now. Started once the agent has an identity, restarted if it becomes another
 * client (registered afresh). Each connect reads the current token from the identity file (written
 * atomically; the cycles renew it), so a 401 is followed by the renewed one. A change whose ETag is
 * the stored policy's is ignored; any other (or '', "fetch to be sure") asks for a poll after a
 * random 0..pushDelayMs, so a change to many clients does not bring them all in the same instant.
 * When the notification carried the policy itself, that is handed over with the request (the
 * cycle takes it instead of fetching); a later notification without one asks for a fetch.
 */
/** A policy the service pushed: its ETag and document, and when it arrived (epoch ms). */
export interface PushedPolicy {
  etag: string;
  body: PolicyBody;
  receivedAt: number;
}

export class AgentPush {
  private readonly layout: DataDirLayout;
  private channel: NotificationChannel | undefined;
  private clientId: string | undefined;
  private pendingPoll: NodeJS.Timeout | undefined;
  /** The newest pushed policy while a request waits for its delay; undefined when the newest change must be fetched. */
  private pendingPolicy: PushedPolicy | undefined;

  constructor(
    private readonly settings: AgentSettings,
    private readonly log: EventLog,
    /** Poll now; with the pushed policy, when the notification carried it (take it instead of fetching). */
    private readonly pollNow: (pushed?: PushedPolicy) => void,
  ) {
    this.layout = dataDirLayout(settings.dataDir);
  }

  /** After each cycle: connects once there is an identity, again if it names another client. */
  async refresh(): Promise<void> {
    const credentials = await readJsonFile<Credentials>(this.layout.identity);
    if (!credentials?.clientId || credentials.clientId === this.clientId) {
      return;
    }
    await this.channel?.stop();
    this.clientId = credentials.clientId;
    this.channel = new NotificationChannel({
      serviceUrl: this.settings.advertisementUrl,
      clientId: credentials.clientId,
      authorization: async () => `Bearer ${(await readJsonFile<Credentials>(this.layout.identity))?.token ?? ''}`,
      onPolicyChanged: (etag, policy) => {
        const receivedAt = Date.now();
        this.changed(etag, policy && { etag, body: policy, receivedAt }).catch((error: unknown) => this.log.error(`push notification not handled: ${(error as Error).message}`));
      },
      onStateChange: (connected) => this.log.event('push', { connected }),
    });
    this.channel.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.pendingPoll);
    this.pendingPoll = undefined;
    await this.channel?.stop();
  }

  private async changed(etag: string, pushed: PushedPolicy | undefined): Promise<void> {
    if (etag !== '' && etag === (await storedPolicyEtag(this.layout.policy))) {
      this.log.event('push-notified', { etag, poll: false });
      return;
    }
    this.pendingPolicy = pushed;
    if (this.pendingPoll) {
      return;
    }
    const delayMs = Math.floor(Math.random() * (this.settings.pushDelayMs + 1));
    this.log.event('push-notified', { etag, poll: true, delayMs, withPolicy: pushed !== undefined });
    this.pendingPoll = setTimeout(() => {
      const policy = this.pendingPolicy;
      this.pendingPoll = undefined;
      this.pendingPolicy = undefined;
      this.pollNow(policy);
    }, delayMs);
  }
}
