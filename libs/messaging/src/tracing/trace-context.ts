import { Context, context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Events carry W3C trace context whatever propagator a service registered: the envelope's
 * `traceparent` attribute and the Kafka header are W3C by contract (libs/contracts).
 */
const w3c = new W3CTraceContextPropagator();

/** The `traceparent` of a context's span; undefined when the context holds no valid span. */
export function traceparentOf(from: Context): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(from, carrier, defaultTextMapSetter);
  return carrier['traceparent'];
}

/** The `traceparent` of the span active right now (the request or the consumed event being handled). */
export function activeTraceparent(): string | undefined {
  return traceparentOf(context.active());
}

/** A context whose remote parent is the given `traceparent`; the root context when there is none or it is malformed. */
export function contextOf(traceparent: string | undefined): Context {
  if (traceparent === undefined) {
    return ROOT_CONTEXT;
  }
  return w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
}
