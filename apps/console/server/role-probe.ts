import { IncomingMessage, ServerResponse } from 'node:http';

export type Role = 'viewer' | 'operator' | 'admin';

/** An ID no package can have, so the probes below can never change anything. */
const PROBE_PATH = '/api/v1/packages/-role-probe-';

type Probe = (method: string, path: string, body?: string) => Promise<number>;

/**
 * No endpoint says what a token may do, but the services check the role before they look at the
 * resource: a write to a package that cannot exist answers 403 when the role forbids it and 404
 * when it allows it. PATCH needs operator, DELETE needs admin (libs/auth roles.ts). Done here
 * rather than in the browser so the expected 403/404 answers do not show up as console errors.
 */
export async function probeRole(probe: Probe): Promise<{ status: number; role?: Role; message?: string }> {
  const read = await probe('GET', '/api/v1/packages?limit=1');
  if (read === 401) return { status: 401, message: 'This token is not accepted by the catalog service' };
  if (read !== 200) return { status: 502, message: `The catalog service answered HTTP ${read} to a read` };
  if ((await probe('PATCH', PROBE_PATH, '{}')) === 403) return { status: 200, role: 'viewer' };
  return { status: 200, role: (await probe('DELETE', PROBE_PATH)) === 403 ? 'operator' : 'admin' };
}

export function catalogProbe(catalog: URL, authorization: string): Probe {
  return async (method, path, body) => {
    const response = await fetch(new URL(path, catalog), {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  };
}

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
  try {
    const result = await probeRole(catalogProbe(catalog, authorization));
    if (result.role) send(200, { role: result.role });
    else send(result.status, { statusCode: result.status, error: result.status === 401 ? 'Unauthorized' : 'Bad Gateway', message: result.message });
  } catch (error) {
    send(502, { statusCode: 502, error: 'Bad Gateway', message: `The catalog service could not be reached (${(error as Error).message})` });
  }
}
