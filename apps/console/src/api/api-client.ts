import { apiErrorFrom } from './api-error';

export type ServiceName = 'catalog' | 'replication' | 'targeting' | 'advertisement';

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

/** Talks to the four services through the console server, with the signed-in admin token. */
export class ApiClient {
  constructor(
    readonly token: string,
    private readonly fetcher: FetchLike = (input, init) => fetch(input, init),
  ) {}

  async request<T>(service: ServiceName, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
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
    const text = await response.text();
    let answer: unknown = undefined;
    if (text) {
      try {
        answer = JSON.parse(text);
      } catch {
        answer = { message: text.slice(0, 500) };
      }
    }
    if (!response.ok) throw apiErrorFrom(response.status, answer);
    return answer as T;
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
