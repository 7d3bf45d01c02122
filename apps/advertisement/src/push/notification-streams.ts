import { Inject, Injectable, OnModuleDestroy, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CLIENT_REVOCATION_LIST, ClientRevocationList, ClientTokenVerifier } from '@sdp/auth';
import { SERVICE_CONFIG } from '@sdp/service';
import type { Response } from 'express';
import type { AdvertisementConfig } from '../config';
import { PolicyService } from '../policy/policy.service';
import type { PushablePolicy } from '../policy/recent-policies';
import type { PolicyChange } from './policy-change-channel';
import { PushMetrics } from './push.metrics';
import { NOTIFICATION_EVENTS, sseComment, sseEvent, sseEventOfJson, sseRetry } from './server-sent-events';

/** A policy whose JSON is longer than this goes as its ETag alone: the agent fetches it (a stream's buffer stays small). */
export const PUSHED_POLICY_MAX_BYTES = 256 * 1024;

interface Stream {
  response: Response;
  /** The client token the stream was opened with. */
  token: string;
}

/**
 * The agents' notification streams this replica holds, at most one per client (a new one ends the
 * older: an agent that reconnects before the old TCP connection is noticed dead must not get
 * everything twice). One timer writes the heartbeat comment to all of them, and ends those whose
 * token is no longer good (expired, the client blocked, deleted or re-keyed): a stream lasts no
 * longer than the credential that opened it; the agent reconnects with its renewed token.
 * A change carries the client's policy itself (`policy`, with its `etag`): the one this replica's
 * worker computed for the change, else its current cached one, read once per notification for the
 * clients connected here (PolicyService.pushablePolicies), so an online agent needs no fetch; the token is
 * checked again before a policy is written. Notifications are written one after the other, in the
 * order they arrived: a later event never carries an older policy than an earlier one.
 */
@Injectable()
export class NotificationStreams implements OnModuleInit, OnModuleDestroy {
  private readonly streams = new Map<string, Stream>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;
  private revocations: ClientRevocationList | undefined;
  /** The notifications being written, in arrival order. */
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly metrics: PushMetrics,
    private readonly tokens: ClientTokenVerifier,
    private readonly moduleRef: ModuleRef,
    private readonly policies: PolicyService,
  ) {}

  onModuleInit(): void {
    // The app's revocation list (app.module.ts), the one the auth guard consults.
    this.revocations = this.moduleRef.get<ClientRevocationList>(CLIENT_REVOCATION_LIST, { strict: false });
    this.heartbeat = setInterval(() => {
      this.writeToAll(sseComment('keep-alive'));
      void this.endRevoked();
    }, this.config.PUSH_HEARTBEAT_SECONDS * 1000);
    this.heartbeat.unref();
  }

  /** Ends every stream, so the HTTP server can close; agents reconnect (to another replica). */
  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const { response } of this.streams.values()) {
      response.end();
    }
    this.streams.clear();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Answers with an open event stream for this client, authenticated by `token`, ending its older one. */
  open(clientId: string, token: string, response: Response): void {
    if (this.closing) {
      throw new ServiceUnavailableException('This replica is shutting down');
    }
    response.socket?.setNoDelay(true);
    response.socket?.setKeepAlive(true);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx and others buffer responses by default; this one must go out event by event.
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    response.write(sseRetry(this.config.PUSH_RETRY_MS) + sseEvent(NOTIFICATION_EVENTS.ready, { heartbeatSeconds: this.config.PUSH_HEARTBEAT_SECONDS }));
    const older = this.streams.get(clientId);
    const stream = { response, token };
    this.streams.set(clientId, stream);
    older?.response.end();
    this.metrics.opened();
    response.once('close', () => {
      if (this.streams.get(clientId) === stream) {
        this.streams.delete(clientId);
      }
      this.metrics.closed();
    });
  }

  /**
   * Tells each of these clients connected here that its policy changed: its policy and
   * ETag (pushablePolicies), or the ETag of the change alone when the policy cannot be read (none current, too big,
   * the read failed), and the agent fetches. Resolves once written.
   */
  notify(changes: readonly PolicyChange[]): Promise<void> {
    return this.inOrder(() => this.writeChanges(changes));
  }

  /** Tells every client connected here to fetch its policy: changes may have been missed. */
  notifyAll(): Promise<void> {
    return this.inOrder(async () => {
      this.metrics.notified(this.writeToAll(sseEvent(NOTIFICATION_EVENTS.policyChanged, {})));
    });
  }

  private inOrder(work: () => Promise<void>): Promise<void> {
    this.delivering = this.delivering.then(work).catch(() => undefined);
    return this.delivering;
  }

  private async writeChanges(changes: readonly PolicyChange[]): Promise<void> {
    const current = await this.policies.pushablePolicies(changes, (clientId) => this.streams.has(clientId)).catch(() => new Map<string, PushablePolicy>());
    const here = changes.filter(({ clientId }) => this.streams.has(clientId));
    if (here.length === 0) {
      return;
    }
    let sent = 0;
    await Promise.all(
      here.map(async ({ clientId, etag }) => {
        const stream = this.streams.get(clientId);
        const policy = current.get(clientId);
        if (!stream) {
          return;
        }
        let event = sseEvent(NOTIFICATION_EVENTS.policyChanged, { etag });
        if (policy) {
          // The stream's token was good when it opened; the policy goes only to a client whose token is good now.
          const verification = await this.tokens.verify(stream.token, this.revocations).catch(() => undefined);
          if (!verification?.ok || verification.claims.sub !== clientId) {
            stream.response.end();
            return;
          }
          // The policy's JSON text as it is: `{ etag, policy }` without parsing and serialising it again.
          const withPolicy = sseEventOfJson(NOTIFICATION_EVENTS.policyChanged, `{"etag":${JSON.stringify(policy.etag)},"policy":${policy.json}}`);
          event = withPolicy.length <= PUSHED_POLICY_MAX_BYTES ? withPolicy : event;
        }
        if (this.streams.get(clientId) === stream) {
          stream.response.write(event);
          sent += 1;
        }
      }),
    );
    this.metrics.notified(sent);
  }

  private writeToAll(text: string): number {
    for (const { response } of this.streams.values()) {
      response.write(text);
    }
    return this.streams.size;
  }

  /** Ends the streams whose token would be refused now (verifications are cached; the revocation list is read every few seconds at most). */
  private async endRevoked(): Promise<void> {
    for (const [clientId, stream] of [...this.streams]) {
      const verification = await this.tokens.verify(stream.token, this.revocations).catch(() => undefined);
      if (verification && !verification.ok && this.streams.get(clientId) === stream) {
        stream.response.end();
      }
    }
  }
}
