import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const TRACER = '@sdp/observability/http';

export interface HttpTracingOptions {
  /** Paths probed every few seconds (health, metrics): no span, they would drown the traces. */
  untracedPaths?: ReadonlySet<string>;
}

/**
 * Express middleware: one server span per request, continuing the caller's `traceparent` header
 * or starting a trace, active for everything the request runs (guards, handlers, the outbox
 * writes they make). Named by method and route template once routing is done, never by the
 * raw URL.
 */
export function traceHttpRequests(options: HttpTracingOptions = {}) {
  const untraced = options.untracedPaths ?? new Set<string>();
  return (request: Request, response: Response, next: NextFunction): void => {
    if (untraced.has(request.path)) {
      next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers, {
      get: (headers, key) => headers[key],
      keys: (headers) => Object.keys(headers),
    });
    const span = trace.getTracer(TRACER).startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.path } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    let ended = false;
    const end = (): void => {
      if (ended) {
        return;
      }
      ended = true;
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route !== undefined) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    context.with(active, next);
  };
}
