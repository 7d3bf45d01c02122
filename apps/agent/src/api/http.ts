/** An HTTP answer that was not what the caller needed; `status` 0 means the service was not reached. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From a 429's (or 503's) `Retry-After`, in seconds: how long the service asked not to be called. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The delay-seconds form of `Retry-After` (what the services send), capped at a day; undefined otherwise. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || !/^\d{1,9}$/.test(header.trim())) {
    return undefined;
  }
  return Math.min(Number(header.trim()), 86_400);
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The global fetch unless given (the fleet simulator counts its requests through its own). */
  fetch?: typeof fetch;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** One JSON request; 2xx and 304 are answers, anything else throws an HttpError with the service's message. */
export async function requestJson(request: HttpRequest): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.token) {
    headers.authorization = `Bearer ${request.token}`;
  }
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new HttpError(0, `${request.method} ${withoutQuery(request.url)}: ${describeFetchError(error)}`);
  }
  const text = await response.text();
  const body = text.length > 0 && (response.headers.get('content-type') ?? '').includes('json') ? safeParse(text) : undefined;
  if (response.status === 304 || (response.status >= 200 && response.status < 300)) {
    return { status: response.status, headers: response.headers, body };
  }
  throw new HttpError(
    response.status,
    `${request.method} ${withoutQuery(request.url)} answered ${response.status}: ${serviceMessage(body, text)}`,
    retryAfterSeconds(response.headers.get('retry-after')),
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function serviceMessage(body: unknown, text: string): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return text.slice(0, 200);
}

/** Query strings may carry pre-signed credentials: never put them in a message. */
export function withoutQuery(url: string): string {
  const index = url.indexOf('?');
  return index < 0 ? url : url.slice(0, index);
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
