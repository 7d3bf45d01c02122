import { IncomingMessage, ServerResponse } from 'node:http';

export type Role = 'viewer' | 'operator' | 'admin';

function isRole(value: unknown): value is Role {
  return value === 'viewer' || value === 'operator' || value === 'admin';
}

/** Statuses of the catalog's answer the browser gets as they are: the token is wrong, or not an admin token. */
const PASSED_THROUGH: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden' };

/** Where the catalog serves `GET /api/v1/me`, under the base path of CATALOG_URL as the proxy uses it. */
export function meUrl(catalog: URL): URL {
  return new URL(`${catalog.pathname.replace(/\/$/, '')}/api/v1/me`, catalog);
}

function unreachableReason(error: unknown): string {
  // fetch() fails with "fetch failed"; what happened is in its cause (ECONNREFUSED, ENOTFOUND, ...).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'is not running or refuses connections';
  return `could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`;
}

/**
 * `/console/role`: asks the catalog's `GET /api/v1/me` which role the bearer token has and answers
 * `{ role }`. A 401 or 403 of the catalog reaches the browser with the catalog's message; anything
 * else unexpected, or no answer at all, is a 502 that says what went wrong.
 */
export async function answerRole(request: IncomingMessage, response: ServerResponse, catalog: URL): Promise<void> {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const authorization = request.headers.authorization;
  if (!authorization) {
    send(401, { statusCode: 401, error: 'Unauthorized', message: 'Missing bearer token' });
    return;
  }
  let answer: Response;
  let body: { role?: unknown; message?: unknown };
  try {
    answer = await fetch(meUrl(catalog), { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    body = ((await answer.json().catch(() => undefined)) ?? {}) as typeof body;
  } catch (error) {
    send(502, { statusCode: 502, error: 'Bad Gateway', message: `The catalog service ${unreachableReason(error)}` });
    return;
  }
  if (answer.status === 200 && isRole(body.role)) {
    send(200, { role: body.role });
  } else if (PASSED_THROUGH[answer.status]) {
    const message = typeof body.message === 'string' ? body.message : `The catalog service refused the token (HTTP ${answer.status})`;
    send(answer.status, { statusCode: answer.status, error: PASSED_THROUGH[answer.status], message });
  } else {
    const what = answer.status === 200 ? 'without a known role' : `with HTTP ${answer.status}`;
    send(502, { statusCode: 502, error: 'Bad Gateway', message: `The catalog service answered GET /api/v1/me ${what}` });
  }
}
