import { Attributes, context, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextOf } from './trace-context';

const TRACER = '@sdp/messaging';

/**
 * Runs background work caused by an earlier operation (a queued job, a scheduled retry) in a
 * span of that operation's trace, given the `traceparent` stored with the work; a new trace
 * when none was stored. Events the work writes carry the same trace ID.
 */
export async function inSpanContinuing<T>(traceparent: string | undefined, name: string, work: () => Promise<T>, attributes: Attributes = {}): Promise<T> {
  const parent = contextOf(traceparent);
  const span = trace.getTracer(TRACER).startSpan(name, { attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
