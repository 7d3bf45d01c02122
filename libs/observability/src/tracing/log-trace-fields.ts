import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** The active trace and span IDs, so a log line can be found from its trace and the other way round. */
export function activeTraceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) {
    return {};
  }
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
