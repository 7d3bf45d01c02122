import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { otlpExportConfigured, startTracing } from './tracer-provider';

describe('otlpExportConfigured', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' }, true],
  ])('exports for %j: %s', (env, expected) => {
    expect(otlpExportConfigured(env)).toBe(expected);
  });
});

describe('startTracing', () => {
  it('names the service, keeps the active span across awaits and propagates W3C trace context', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'tracing-check', env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    try {
      const span = trace.getTracer('test').startSpan('outer');
      const carrier: Record<string, string> = {};
      await context.with(trace.setSpan(context.active(), span), async () => {
        await new Promise((resolve) => setImmediate(resolve));
        expect(trace.getActiveSpan()).toBe(span);
        propagation.inject(context.active(), carrier);
      });
      span.end();
      const { traceId, spanId } = span.spanContext();
      expect(carrier).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
      const [finished] = exporter.getFinishedSpans();
      expect(finished?.resource.attributes['service.name']).toBe('tracing-check');
    } finally {
      await tracing.shutdown();
    }
    expect(trace.getSpan(context.active())).toBeUndefined();
    const after: Record<string, string> = {};
    propagation.inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }), after);
    expect(after).toEqual({});
  });
});
