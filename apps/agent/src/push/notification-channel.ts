import type { PolicyBody } from '@sdp/contracts';
import { reconnectDelayMs } from './reconnect-delay';
import { ServerSentEvent, SseParser } from './sse-parser';

export interface NotificationChannelOptions {
  serviceUrl: string; // advertisement service base URL
  clientId: string;
  authorization: () => Promise<string>; // value of the Authorization header, fresh per connect
  /**
   * The policy changed: its new ETag, and the policy itself when the event carried it (then no fetch is needed);
   * also called with '' after a reconnect (fetch to be sure).
   */
  onPolicyChanged: (etag: string, policy?: PolicyBody) => void;
  onStateChange?: (connected: boolean) => void;
  reconnect?: { minMs: number; maxMs: number }; // jittered exponential backoff, defaults 1 s .. 60 s
  fetch?: typeof fetch;
}

const DEFAULT_RECONNECT = { minMs: 1_000, maxMs: 60_000 };
/** A service that answers 404, 405 or 501 has no push: polling alone, and a new try after this long. */
export const NO_PUSH_RETRY_MS = 60 * 60_000;
/** Silence (not even a heartbeat) for this many of the server's heartbeat intervals means the connection is dead. */
const MISSED_HEARTBEATS = 3;
/** Until the server said its heartbeat (`ready`), silence this long means a dead connection. */
const DEFAULT_SILENCE_MS = 90_000;

type Attempt = 'ended' | 'failed' | 'no-push' | 'stopped';

/**
 * The agent's notification channel: one server-sent event stream
 * (`GET /api/v1/clients/:id/notifications`) held open to the advertisement service, which says
 * `policy-changed` when this client's policy changes (with the policy itself, from services that
 * send it: `{ etag, policy }`). Reconnects after a jittered exponential wait
 * (at least the server's `retry:` hint); after a reconnect it reports '' (changes may have been
 * missed: fetch to be sure). A 401 costs a wait and a fresh `authorization()`; a service without
 * the endpoint (404, 405, 501) is asked again only after NO_PUSH_RETRY_MS, polling doing the work.
 */
export class NotificationChannel {
  private readonly reconnect: { minMs: number; maxMs: number };
  private readonly fetch: typeof fetch;
  private running = false;
  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private isConnected = false;
  private everConnected = false;
  private serverRetryMs = 0;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: NotificationChannelOptions) {
    this.reconnect = options.reconnect ?? DEFAULT_RECONNECT;
    this.fetch = options.fetch ?? fetch;
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.run();
  }

  /** Closes the stream and ends the reconnection loop. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const attempt = await this.connectOnce();
      if (attempt === 'stopped' || !this.running) {
        break;
      }
      if (attempt === 'no-push') {
        failures = 0;
        await this.sleep(NO_PUSH_RETRY_MS);
        continue;
      }
      // A stream that was up counts as a fresh start: the next wait is a short one.
      failures = attempt === 'ended' ? 1 : failures + 1;
      const minMs = Math.min(Math.max(this.reconnect.minMs, this.serverRetryMs), this.reconnect.maxMs);
      await this.sleep(reconnectDelayMs(failures, { minMs, maxMs: this.reconnect.maxMs }));
    }
  }

  /** One connection, read until it ends: 'ended' if it got as far as `ready`. */
  private async connectOnce(): Promise<Attempt> {
    const abort = new AbortController();
    this.abort = abort;
    let response: Response;
    try {
      const authorization = await this.options.authorization();
      if (!this.running) {
        return 'stopped';
      }
      response = await this.fetch(`${this.options.serviceUrl.replace(/\/+$/, '')}/api/v1/clients/${encodeURIComponent(this.options.clientId)}/notifications`, {
        headers: { accept: 'text/event-stream', authorization },
        signal: abort.signal,
      });
    } catch {
      return this.running ? 'failed' : 'stopped';
    }
    if (response.status === 404 || response.status === 405 || response.status === 501) {
      await response.body?.cancel().catch(() => undefined);
      return 'no-push';
    }
    if (response.status !== 200 || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      // 401: the next attempt asks for a fresh authorization; 403, 429, 5xx: later.
      await response.body?.cancel().catch(() => undefined);
      return 'failed';
    }
    return this.read(response.body, abort);
  }

  private async read(body: ReadableStream<Uint8Array>, abort: AbortController): Promise<Attempt> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let silenceMs = DEFAULT_SILENCE_MS;
    let silence: NodeJS.Timeout | undefined;
    const heard = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(), silenceMs);
      silence.unref();
    };
    let ready = false;
    heard();
    try {
      for await (const chunk of body) {
        heard();
        for (const event of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (event.event === 'ready') {
            ready = true;
            silenceMs = MISSED_HEARTBEATS * 1000 * heartbeatSecondsOf(event, DEFAULT_SILENCE_MS / 1000 / MISSED_HEARTBEATS);
            heard();
            this.becameConnected();
          } else if (event.event === 'policy-changed' && ready) {
            this.tell(...changeOf(event));
          }
        }
        this.serverRetryMs = parser.retryMs ?? this.serverRetryMs;
      }
    } catch {
      // Aborted (stop, silence) or the connection broke: both end this stream.
    } finally {
      clearTimeout(silence);
      this.setConnected(false);
    }
    if (!this.running) {
      return 'stopped';
    }
    return ready ? 'ended' : 'failed';
  }

  private becameConnected(): void {
    this.setConnected(true);
    if (this.everConnected) {
      this.tell('');
    }
    this.everConnected = true;
  }

  private tell(etag: string, policy?: PolicyBody): void {
    try {
      this.options.onPolicyChanged(etag, policy);
    } catch {
      // The agent's handler must not end the channel.
    }
  }

  private setConnected(connected: boolean): void {
    if (this.isConnected === connected) {
      return;
    }
    this.isConnected = connected;
    try {
      this.options.onStateChange?.(connected);
    } catch {
      // as in tell()
    }
  }

  /** Waits `ms`, or less if stop() comes first. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
      if (!this.running) {
        done();
      }
    });
  }
}

/**
 * The ETag of a `policy-changed` event ('' when it names none — the server may have missed changes —
 * or cannot be read), and the policy it carries, if any that looks like one (else the agent fetches).
 */
function changeOf(event: ServerSentEvent): [string, PolicyBody?] {
  try {
    const data = JSON.parse(event.data) as { etag?: unknown; policy?: unknown };
    const etag = typeof data?.etag === 'string' ? data.etag : '';
    return etag !== '' && looksLikePolicy(data.policy) ? [etag, data.policy] : [etag];
  } catch {
    return [''];
  }
}

function looksLikePolicy(value: unknown): value is PolicyBody {
  return typeof value === 'object' && value !== null && Array.isArray((value as { advertisements?: unknown }).advertisements);
}

function heartbeatSecondsOf(event: ServerSentEvent, fallback: number): number {
  try {
    const seconds = (JSON.parse(event.data) as { heartbeatSeconds?: unknown })?.heartbeatSeconds;
    return typeof seconds === 'number' && seconds > 0 && seconds <= 3_600 ? seconds : fallback;
  } catch {
    return fallback;
  }
}
