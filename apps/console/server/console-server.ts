import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { ConsoleServerConfig } from './config';
import { proxyRequest, proxyTarget } from './proxy';
import { answerRole } from './role';
import { serveStatic } from './static-files';

function handle(config: ConsoleServerConfig, request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  if (url === '/health/live') {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ status: 'live' }));
    return;
  }
  if (url === '/console/role' && request.method === 'GET') {
    void answerRole(request, response, config.services.catalog);
    return;
  }
  const target = proxyTarget(url);
  if (target) {
    proxyRequest(request, response, target, config.services[target.service]);
    return;
  }
  if (url.startsWith('/services/')) {
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no such service; use catalog, replication, targeting, advertisement or metering' }));
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('Method not allowed');
    return;
  }
  serveStatic(request, response, config.staticDir).catch(() => {
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
}

export function createConsoleServer(config: ConsoleServerConfig): Server {
  // Uploads of large packages take long; the services own their own time limits.
  return createServer({ requestTimeout: 0 }, (request, response) => handle(config, request, response));
}
