import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsoleConfig } from './config';
import { createConsoleServer } from './console-server';
import { proxyTarget } from './proxy';
import { meUrl } from './role';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  host?: string;
  bytes: number;
  sha256: string;
}

/** A stand-in service that records what reached it and hashes the body as it streams in. */
function fakeService(answer: (request: IncomingMessage, seen: Seen) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const hash = createHash('sha256');
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    request.on('end', () => {
      const record = { method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, host: request.headers.host, bytes, sha256: hash.digest('hex') };
      seen.push(record);
      const { status, body } = answer(request, record);
      // Answers with the Sdp-Consistency token it was sent and one more item, as a service's write would.
      const token = request.headers['sdp-consistency'];
      response.writeHead(status, { 'content-type': 'application/json', ...(token ? { 'sdp-consistency': `${String(token)},sdp.catalog.packages.v1~S0100009~1` } : {}) });
      response.end(JSON.stringify(body));
    });
  });
  return { server, seen };
}

/** A GET with the path exactly as given: fetch() would resolve the dot segments first. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    get({ hostname, port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('proxyTarget', () => {
  it('maps /services/<name>/<path> to that service and keeps the query', () => {
    expect(proxyTarget('/services/catalog/api/v1/packages?q=a%20b')).toEqual({ service: 'catalog', path: '/api/v1/packages?q=a%20b' });
    expect(proxyTarget('/services/replication')).toEqual({ service: 'replication', path: '/' });
    expect(proxyTarget('/services/unknown/api')).toBeUndefined();
    expect(proxyTarget('/packages/S0100001')).toBeUndefined();
  });
});

describe('the console server', () => {
  const catalog = fakeService((request) => {
    if (request.url === '/api/v1/me') {
      const token = request.headers.authorization?.replace('Bearer ', '') ?? '';
      if (['admin', 'operator', 'viewer'].includes(token)) return { status: 200, body: { kind: 'admin', role: token, name: `${token}-team` } };
      if (token === 'client') return { status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'This endpoint needs an admin token' } };
      if (token === 'broken') return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' } };
      return { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired token' } };
    }
    return { status: 201, body: { version: 1 } };
  });
  let base: string;
  let outside: string;
  let staticDir: string;
  let server: Server;

  beforeAll(async () => {
    const catalogUrl = await listen(catalog.server);
    outside = mkdtempSync(join(tmpdir(), 'console-static-'));
    writeFileSync(join(outside, 'secret.txt'), 'not for the browser');
    staticDir = join(outside, 'public');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<html>console</html>');
    writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    const config = loadConsoleConfig({ PORT: '0', CATALOG_URL: catalogUrl, TARGETING_URL: 'http://127.0.0.1:9' }, staticDir);
    server = createConsoleServer(config);
    base = await listen(server);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => catalog.server.close(resolve));
    rmSync(outside, { recursive: true, force: true });
  });

  it('streams a large upload to the service with its Authorization header and hands back the answer', async () => {
    const body = Buffer.alloc(8 * 1024 * 1024 + 7, 0xab);
    const response = await fetch(`${base}/services/catalog/api/v1/packages/S0100001/source`, {
      method: 'PUT',
      headers: { authorization: 'Bearer admin-token', 'content-type': 'application/x-tar' },
      body,
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ version: 1 });
    const seen = catalog.seen[catalog.seen.length - 1];
    expect(seen).toMatchObject({ method: 'PUT', url: '/api/v1/packages/S0100001/source', authorization: 'Bearer admin-token', bytes: body.length });
    expect(seen.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(seen.host).toBe(new URL(`http://${seen.host}`).host);
  });

  it('passes the Sdp-Consistency token to the service and its answer back', async () => {
    const response = await fetch(`${base}/services/catalog/api/v1/packages`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json', 'sdp-consistency': 'sdp.targeting.collections.v1~S0100002~3' },
      body: '{}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('sdp-consistency')).toBe('sdp.targeting.collections.v1~S0100002~3,sdp.catalog.packages.v1~S0100009~1');
  });

  it('answers 502 in the services error shape when a service is down', async () => {
    const response = await fetch(`${base}/services/targeting/api/v1/clients`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The targeting service is not running or refuses connections' });
  });

  it('serves assets, index.html for client-side routes, and nothing outside its folder', async () => {
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const route = await fetch(`${base}/packages/S0100001`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<html>console</html>');

    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const answer = await rawGet(base, path);
      expect(answer.body).not.toContain('not for the browser');
      expect(answer.status).toBe(404);
    }
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'live' });
  });

  it.each([
    ['admin', 200, { role: 'admin' }],
    ['operator', 200, { role: 'operator' }],
    ['viewer', 200, { role: 'viewer' }],
    ['bad', 401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired token' }],
    ['client', 403, { statusCode: 403, error: 'Forbidden', message: 'This endpoint needs an admin token' }],
    ['broken', 502, { statusCode: 502, error: 'Bad Gateway', message: 'The catalog service answered GET /api/v1/me with HTTP 500' }],
  ])("answers /console/role for the token '%s' from the catalog's /api/v1/me", async (token, status, body) => {
    const before = catalog.seen.length;
    const response = await fetch(`${base}/console/role`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
    expect(catalog.seen.slice(before)).toEqual([expect.objectContaining({ method: 'GET', url: '/api/v1/me', authorization: `Bearer ${token}` })]);
  });

  it('answers 401 without asking the catalog when there is no token', async () => {
    const before = catalog.seen.length;
    const response = await fetch(`${base}/console/role`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing bearer token' });
    expect(catalog.seen.length).toBe(before);
  });

  it('answers 502 with words when the catalog is down', async () => {
    // A port that was just free: fetch() refuses to try well-known ports such as 9.
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const catalogDown = createConsoleServer(loadConsoleConfig({ PORT: '0', CATALOG_URL: closedUrl }, staticDir));
    try {
      const response = await fetch(`${await listen(catalogDown)}/console/role`, { headers: { authorization: 'Bearer admin' } });
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The catalog service is not running or refuses connections' });
    } finally {
      catalogDown.closeAllConnections();
      await new Promise((resolve) => catalogDown.close(resolve));
    }
  });
});

describe('meUrl', () => {
  it("keeps the base path of CATALOG_URL, as the proxy does", () => {
    expect(meUrl(new URL('http://catalog:3001')).href).toBe('http://catalog:3001/api/v1/me');
    expect(meUrl(new URL('https://gateway.example/catalog/')).href).toBe('https://gateway.example/catalog/api/v1/me');
  });
});

describe('loadConsoleConfig', () => {
  it('uses the local service ports by default and names a bad variable', () => {
    const config = loadConsoleConfig({}, '/static');
    expect(config.port).toBe(3000);
    expect(Object.fromEntries(Object.entries(config.services).map(([name, url]) => [name, url.href]))).toEqual({
      catalog: 'http://127.0.0.1:3001/',
      replication: 'http://127.0.0.1:3002/',
      targeting: 'http://127.0.0.1:3003/',
      advertisement: 'http://127.0.0.1:3004/',
      metering: 'http://127.0.0.1:3005/',
    });
    expect(() => loadConsoleConfig({ REPLICATION_URL: 'ftp://x' }, '/static')).toThrow('REPLICATION_URL must be an http(s) URL');
    expect(() => loadConsoleConfig({ PORT: 'eighty' }, '/static')).toThrow('PORT must be an integer 0..65535');
  });
});
