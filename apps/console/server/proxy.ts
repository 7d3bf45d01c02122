import { IncomingMessage, ServerResponse, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SERVICE_NAMES, ServiceName } from './config';

/** Headers that describe one hop and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-authenticate', 'host']);

export interface ProxyTarget {
  service: ServiceName;
  /** Path and query on the service, e.g. /api/v1/packages?q=x */
  path: string;
}

/** `/services/catalog/api/v1/packages?q=x` → catalog, `/api/v1/packages?q=x`; anything else → undefined. */
export function proxyTarget(url: string): ProxyTarget | undefined {
  const match = /^\/services\/([a-z]+)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!match || !(SERVICE_NAMES as readonly string[]).includes(match[1])) {
    return undefined;
  }
  return { service: match[1] as ServiceName, path: `${match[2] ?? '/'}${match[3] ?? ''}` };
}

export function forwardedHeaders(incoming: IncomingMessage['headers'], target: URL, clientAddress: string | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const named = new Set((incoming.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    headers[name] = value;
  }
  headers.host = target.host;
  if (clientAddress) {
    const earlier = incoming['x-forwarded-for'];
    headers['x-forwarded-for'] = earlier ? `${earlier}, ${clientAddress}` : clientAddress;
  }
  return headers;
}

function sendProxyError(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ statusCode: status, error: status === 504 ? 'Gateway Timeout' : 'Bad Gateway', message }));
}

/**
 * Streams the request body to the service and its answer back without buffering either: source
 * uploads are tar streams of many gigabytes. The Authorization header passes through untouched.
 */
export function proxyRequest(request: IncomingMessage, response: ServerResponse, target: ProxyTarget, base: URL): void {
  const basePath = base.pathname.replace(/\/$/, '');
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send({
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port || undefined,
    method: request.method,
    path: `${basePath}${target.path}`,
    headers: forwardedHeaders(request.headers, base, request.socket.remoteAddress),
  });
  upstream.on('response', (answer) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ECONNREFUSED' ? 'is not running or refuses connections' : `could not be reached (${error.code ?? error.message})`;
    sendProxyError(response, 502, `The ${target.service} service ${reason}`);
    request.unpipe(upstream);
    request.resume();
  });
  // A browser that gives up on an upload must not leave the service waiting for the rest.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}
