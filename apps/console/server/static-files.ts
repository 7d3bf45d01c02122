import { createReadStream, promises as fs } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The file under `root` a URL path names, or undefined when the path tries to leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = normalize(join(root, decoded));
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep) ? candidate : undefined;
}

async function sendFile(request: IncomingMessage, response: ServerResponse, path: string, cache: string): Promise<boolean> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': cache,
  });
  if (request.method === 'HEAD') {
    response.end();
    return true;
  }
  createReadStream(path).on('error', () => response.destroy()).pipe(response);
  return true;
}

/**
 * Serves the built SPA. Hashed assets are cached for good; any other path that is not a file gets
 * index.html so the client-side router can answer it.
 */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, root: string): Promise<void> {
  const urlPath = (request.url ?? '/').split('?')[0];
  const path = resolveStaticPath(root, urlPath);
  if (path && urlPath !== '/' && (await sendFile(request, response, path, urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'))) {
    return;
  }
  if (urlPath.startsWith('/assets/') || extname(urlPath) !== '') {
    response.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    response.end('Not found');
    return;
  }
  if (!(await sendFile(request, response, join(root, 'index.html'), 'no-cache'))) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The console is not built: run `npx nx run console:build`');
  }
}
