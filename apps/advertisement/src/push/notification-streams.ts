import { Inject, Injectable, OnModuleDestroy, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CLIENT_REVOCATION_LIST, ClientRevocationList, ClientTokenVerifier } from '@sdp/auth';
import { SERVICE_CONFIG } from '@sdp/service';
import type { Response } from 'express';
import type { AdvertisementConfig } from '../config';
import type { PolicyChange } from './policy-change-channel';
import { PushMetrics } from './push.metrics';
import { NOTIFICATION_EVENTS, sseComment, sseEvent, sseRetry } from './server-sent-events';

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
 */
@Injectable()
export class NotificationStreams implements OnModuleInit, OnModuleDestroy {
  private readonly streams = new Map<string, Stream>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;
  private revocations: ClientRevocationList | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly metrics: PushMetrics,
    private readonly tokens: ClientTokenVerifier,
    private readonly moduleRef: ModuleRef,
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

  /** Tells each of these clients connected here that its policy now has this ETag. */
  notify(changes: readonly PolicyChange[]): void {
    let sent = 0;
    for (const { clientId, etag } of changes) {
      const stream = this.streams.get(clientId);
      if (stream) {
        stream.response.write(sseEvent(NOTIFICATION_EVENTS.policyChanged, { etag }));
        sent += 1;
      }
    }
    this.metrics.notified(sent);
  }

  /** Tells every client connected here to fetch its policy: changes may have been missed. */
  notifyAll(): void {
    this.metrics.notified(this.writeToAll(sseEvent(NOTIFICATION_EVENTS.policyChanged, {})));
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
