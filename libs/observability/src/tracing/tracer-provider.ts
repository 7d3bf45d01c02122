import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SpanProcessor } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** The `service.name` of every span: `catalog`, `content-replication`, ... */
  service: string;
  /** Where the OTLP settings are read from; the process environment by default. */
  env?: NodeJS.ProcessEnv;
  /** Extra processors, e.g. a SimpleSpanProcessor over the SDK's InMemorySpanExporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** Sends what is still buffered, then unregisters the provider, the propagator and the context manager. */
  shutdown(): Promise<void>;
}

/**
 * Spans leave the process only when a collector is configured: an operator opts in with the
 * standard variables, and a laptop or a test run sends nothing anywhere.
 */
export function otlpExportConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

function exportingProcessors(env: NodeJS.ProcessEnv): SpanProcessor[] {
  // The exporter reads the endpoint, headers and timeout from the same variables itself.
  return otlpExportConfigured(env) ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [];
}

/**
 * Registers the process-wide tracer provider with W3C trace context propagation and an
 * AsyncLocalStorage context manager. Spans are created (their IDs travel in `traceparent`
 * headers and events) even when none is exported.
 */
export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'sdp' })),
    spanProcessors: [...exportingProcessors(options.env ?? process.env), ...(options.spanProcessors ?? [])],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
