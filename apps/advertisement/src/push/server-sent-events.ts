/** The text of server-sent events (WHATWG HTML, "Server-sent events"): one event, a comment, a retry hint. */

/** `event: NAME` and the JSON of `data` on one `data:` line (JSON.stringify never writes a newline). */
export function sseEvent(name: string, data: unknown): string {
  return sseEventOfJson(name, JSON.stringify(data));
}

/** An event whose data is JSON text already (one line: JSON.stringify's output, or PostgreSQL's jsonb text, has no newline). */
export function sseEventOfJson(name: string, json: string): string {
  return `event: ${name}\ndata: ${json}\n\n`;
}

/** A comment line: ignored by clients, keeps proxies and load balancers from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

/** How long a client should wait before reconnecting, in milliseconds. */
export function sseRetry(milliseconds: number): string {
  return `retry: ${milliseconds}\n\n`;
}

/** The events of the notification stream (GET /api/v1/clients/:id/notifications). */
export const NOTIFICATION_EVENTS = {
  /** First event of every stream: `{ heartbeatSeconds }`, so the client knows how long silence may last. */
  ready: 'ready',
  /** The client's policy changed: `{ etag }`; `{}` when the replica cannot say (it may have missed changes): fetch to be sure. */
  policyChanged: 'policy-changed',
} as const;
