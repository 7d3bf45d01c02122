import { apiErrorFrom } from './api-error';
import { printable, printableAnswer } from './printable';

export type ServiceName = 'catalog' | 'replication' | 'targeting' | 'advertisement' | 'metering';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as is with content-type text/plain, for the routes that take a file's text rather than JSON. */
  text?: string;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

/** Path of a service's API behind the console server's proxy. */
export function servicePath(service: ServiceName, path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `/services/${service}/api/v1${path}${search ? `?${search}` : ''}`;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The services' read-your-writes header: a write's answer names the events it caused
 * (`topic~subject~sequence` items, comma-separated); a request that sends them back waits until
 * the service asked has applied them, so what the admin just created is known everywhere.
 */
export const CONSISTENCY_HEADER = 'sdp-consistency';

/** Items older than this are not sent any more: their events have long been applied. */
const TOKEN_LIFETIME_MS = 60_000;

/** The services accept at most 256 items per request. */
const MAX_TOKEN_ITEMS = 256;

/** Talks to the services through the console server, with the signed-in admin token. */
export class ApiClient {
  /** Sdp-Consistency items of recent writes by aggregate (`topic~subject`), with when they came. */
  private readonly written = new Map<string, { item: string; at: number }>();

  constructor(
    readonly token: string,
    private readonly fetcher: FetchLike = (input, init) => fetch(input, init),
    private readonly now: () => number = Date.now,
  ) {}

  async request<T>(service: ServiceName, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json', ...this.consistency() };
    let body: string | undefined;
    if (options.text !== undefined) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      body = options.text;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await this.fetcher(servicePath(service, path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
    });
    this.remember(response.headers.get(CONSISTENCY_HEADER));
    const text = await response.text();
    let answer: unknown = undefined;
    if (text) {
      try {
        answer = printableAnswer(JSON.parse(text));
      } catch {
        answer = { message: printable(text.slice(0, 500)) };
      }
    }
    if (!response.ok) throw apiErrorFrom(response.status, answer);
    return answer as T;
  }

  /** Keeps the items a write's answer named. */
  remember(header: string | null): void {
    for (const item of (header ?? '').split(',').map((part) => part.trim())) {
      if (item === '') continue;
      const aggregate = item.slice(0, item.lastIndexOf('~'));
      this.written.delete(aggregate);
      this.written.set(aggregate, { item, at: this.now() });
    }
    while (this.written.size > MAX_TOKEN_ITEMS) this.written.delete(this.written.keys().next().value as string);
  }

  /** The header naming recent writes, when there are any. */
  private consistency(): Record<string, string> {
    const oldest = this.now() - TOKEN_LIFETIME_MS;
    for (const [aggregate, { at }] of this.written) {
      if (at < oldest) this.written.delete(aggregate);
    }
    const items = [...this.written.values()].map(({ item }) => item);
    return items.length > 0 ? { [CONSISTENCY_HEADER]: items.join(',') } : {};
  }

  get<T>(service: ServiceName, path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
    return this.request<T>(service, path, { query, signal });
  }

  post<T>(service: ServiceName, path: string, body?: unknown): Promise<T> {
    return this.request<T>(service, path, { method: 'POST', body: body ?? {} });
  }

  postText<T>(service: ServiceName, path: string, text: string): Promise<T> {
    return this.request<T>(service, path, { method: 'POST', text });
  }

  patch<T>(service: ServiceName, path: string, body: unknown): Promise<T> {
    return this.request<T>(service, path, { method: 'PATCH', body });
  }

  delete<T = void>(service: ServiceName, path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>(service, path, { method: 'DELETE', query });
  }
}
