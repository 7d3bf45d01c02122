import type { Readable } from 'node:stream';
import { CONSISTENCY_HEADER, ConsistencyTokens } from './consistency-tokens';
import { ApiError, CliError } from './errors';
import { ServiceKey, Settings } from './settings';
import { streamRequest } from './stream-request';
import { checkUsage } from './usage-problems';

export const SERVICE_NAMES: Record<ServiceKey, string> = {
  catalog: 'catalog',
  replication: 'content-replication',
  targeting: 'targeting',
  advertisement: 'advertisement',
  metering: 'metering',
};

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is. */
  raw?: { body: string; contentType: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A service that takes longer than this to answer a JSON request is taken to be stuck. */
const ANSWER_TIMEOUT_MS = 120_000;

/** How many items a list command asks for per request; the services cap pages at 500. */
const PAGE_SIZE = 500;

/**
 * The admin's calls to the four services: bearer token, JSON both ways, errors as one-line
 * CliErrors. With `tokens`, what the services' answers name in Sdp-Consistency goes along with
 * later requests, so an object created a moment ago is known to the next service asked.
 */
export class ApiClient {
  constructor(
    private readonly settings: Settings,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly tokens?: ConsistencyTokens,
  ) {}

  async call<T>(service: ServiceKey, method: string, path: string, options: RequestOptions = {}): Promise<T> {
    checkUsage();
    const url = this.url(service, path, options.query);
    const headers: Record<string, string> = { authorization: `Bearer ${this.settings.token}`, accept: 'application/json', ...this.consistency() };
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw !== undefined) {
      headers['content-type'] = options.raw.contentType;
      body = options.raw.body as RequestInit['body'];
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
      this.tokens?.remember(response.headers.get(CONSISTENCY_HEADER));
      return answer<T>(response.status, await response.text(), `${method} ${url.pathname}`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      if ((error as Error).name === 'TimeoutError') {
        throw new CliError(`the ${SERVICE_NAMES[service]} service at ${this.settings.urls[service]} did not answer ${method} ${url.pathname} within ${ANSWER_TIMEOUT_MS / 1000} s`);
      }
      throw new CliError(describeConnectionError(service, this.settings.urls[service], error));
    }
  }

  /** PUT or POST of a stream too large to hold in memory, such as a package's source folder. */
  async upload<T>(service: ServiceKey, method: string, path: string, body: Readable, contentType: string): Promise<T> {
    checkUsage();
    const url = this.url(service, path);
    const headers = { authorization: `Bearer ${this.settings.token}`, accept: 'application/json', 'content-type': contentType, ...this.consistency() };
    let status: number;
    let text: string;
    try {
      let consistency: string | undefined;
      ({ status, text, consistency } = await streamRequest(url, method, headers, body));
      this.tokens?.remember(consistency);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EPIPE' || code === 'ECONNRESET') {
        throw new CliError(`the ${SERVICE_NAMES[service]} service at ${this.settings.urls[service]} closed the connection during the upload (${code}) without an answer`);
      }
      throw new CliError(describeConnectionError(service, this.settings.urls[service], error));
    }
    return answer<T>(status, text, `${method} ${url.pathname}`);
  }

  get<T>(service: ServiceKey, path: string, query?: Query): Promise<T> {
    return this.call<T>(service, 'GET', path, { query });
  }

  post<T>(service: ServiceKey, path: string, json: unknown = {}): Promise<T> {
    return this.call<T>(service, 'POST', path, { json });
  }

  patch<T>(service: ServiceKey, path: string, json: unknown): Promise<T> {
    return this.call<T>(service, 'PATCH', path, { json });
  }

  delete<T>(service: ServiceKey, path: string, query?: Query): Promise<T> {
    return this.call<T>(service, 'DELETE', path, { query });
  }

  /** Every item of a paged list, following nextCursor; `limit` stops early. */
  async list<T>(service: ServiceKey, path: string, query: Query = {}, limit = Infinity): Promise<T[]> {
    return (await this.pages<T>(service, path, query, limit)).items;
  }

  /**
   * The items of a paged list from `cursor` on, following nextCursor until `limit` items; the
   * cursor where it stopped (null at the end), to go on from there.
   */
  async pages<T>(service: ServiceKey, path: string, query: Query = {}, limit = Infinity, cursor?: string): Promise<Page<T>> {
    const items: T[] = [];
    let next: string | undefined = cursor;
    do {
      const page = await this.get<Page<T>>(service, path, { ...query, limit: Math.min(PAGE_SIZE, limit - items.length), cursor: next });
      items.push(...page.items);
      next = page.nextCursor ?? undefined;
    } while (next !== undefined && items.length < limit);
    return { items, nextCursor: next ?? null };
  }

  /** The header naming the events of recent writes, when there are any. */
  private consistency(): Record<string, string> {
    const token = this.tokens?.header();
    return token === undefined ? {} : { [CONSISTENCY_HEADER]: token };
  }

  private url(service: ServiceKey, path: string, query: Query = {}): URL {
    const url = new URL(`${this.settings.urls[service]}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }
}

/** Path segments come from the command line: an ID with a slash must not reach another route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

function answer<T>(status: number, text: string, request: string): T {
  const parsed = parseBody(text);
  if (status >= 400) throw new ApiError(status, parsed, request);
  return parsed as T;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch fails with "fetch failed" and the reason in `cause`; name the service and URL instead. */
export function describeConnectionError(service: ServiceKey, baseUrl: string, error: unknown): string {
  // fetch puts the reason in `cause`; node:http errors carry the code themselves.
  type Reason = { code?: string; message?: string; errors?: { code?: string }[] };
  const cause = (error as { cause?: Reason })?.cause ?? (error as Reason);
  const code = cause?.code ?? cause?.errors?.find((inner) => inner.code)?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'unknown host'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'the connection was closed'
          : (code ?? cause?.message ?? (error as Error)?.message ?? 'unknown error');
  return `cannot reach the ${SERVICE_NAMES[service]} service at ${baseUrl} (${reason}); set --${service}-url or SDP_${service.toUpperCase()}_URL`;
}
