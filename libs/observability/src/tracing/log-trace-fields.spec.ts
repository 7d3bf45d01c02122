import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { activeTraceFields } from './log-trace-fields';
import { startTracing } from './tracer-provider';

describe('activeTraceFields', () => {
  it('names the active trace and span, and nothing outside a trace', async () => {
    const tracing = startTracing({ service: 'log-check', env: {}, spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
    try {
      expect(activeTraceFields()).toEqual({});
      const span = trace.getTracer('test').startSpan('work', {}, ROOT_CONTEXT);
      const fields = await context.with(trace.setSpan(ROOT_CONTEXT, span), async () => {
        await Promise.resolve();
        return activeTraceFields();
      });
      span.end();
      expect(fields).toEqual({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    } finally {
      await tracing.shutdown();
    }
  });
});
