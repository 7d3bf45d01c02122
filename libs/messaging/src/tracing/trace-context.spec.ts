import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { contextOf, traceparentOf } from './trace-context';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context of events', () => {
  it('reads a traceparent into a remote parent and writes it back unchanged', () => {
    const parent = contextOf(TRACEPARENT);
    expect(trace.getSpanContext(parent)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(traceparentOf(parent)).toBe(TRACEPARENT);
  });

  it('keeps the sampling decision of an unsampled trace', () => {
    const unsampled = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    expect(traceparentOf(contextOf(unsampled))).toBe(unsampled);
  });

  it.each([undefined, 'abc', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'])(
    'has no parent for %s',
    (traceparent) => {
      expect(trace.getSpanContext(contextOf(traceparent))).toBeUndefined();
      expect(traceparentOf(contextOf(traceparent))).toBeUndefined();
    },
  );

  it('has no traceparent outside a trace', () => {
    expect(traceparentOf(ROOT_CONTEXT)).toBeUndefined();
  });
});
