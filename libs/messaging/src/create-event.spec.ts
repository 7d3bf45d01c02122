import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { cloudEventEnvelopeSchema } from '@sdp/contracts';
import { createEvent } from './create-event';

describe('createEvent', () => {
  const now = new Date('2026-03-01T10:20:30.456Z');

  it('builds a CloudEvents 1.0 envelope the contract accepts', () => {
    const event = createEvent(
      { type: 'sdp.test.thing.changed.v1', source: 'sdp.test', subject: 'thing-1', data: { size: 3 }, sequence: 7 },
      now,
    );
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'sdp.test',
      type: 'sdp.test.thing.changed.v1',
      subject: 'thing-1',
      time: '2026-03-01T10:20:30.456Z',
      datacontenttype: 'application/json',
      sequence: 7,
      data: { size: 3 },
    });
    expect(event).not.toHaveProperty('traceparent');
    expect(cloudEventEnvelopeSchema.safeParse(event).success).toBe(true);
  });

  it('gives a UUIDv7 ID carrying the event time, unique per event', () => {
    const first = createEvent({ type: 'sdp.test.thing.changed.v1', source: 's', subject: 'x', data: null, sequence: 1 }, now);
    const second = createEvent({ type: 'sdp.test.thing.changed.v1', source: 's', subject: 'x', data: null, sequence: 2 }, now);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.id).not.toBe(second.id);
    const millis = parseInt(first.id.replace(/-/g, '').slice(0, 12), 16);
    expect(millis).toBe(now.getTime());
  });

  it('carries the trace context when given', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = createEvent({ type: 'sdp.test.thing.changed.v1', source: 's', subject: 'x', data: {}, sequence: 1, traceparent });
    expect(event.traceparent).toBe(traceparent);
  });

  it('takes the trace context of the active span when none is given', () => {
    // Registers the context manager that makes a context "active".
    new NodeTracerProvider().register();
    try {
      const active = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      });
      const event = context.with(active, () =>
        createEvent({ type: 'sdp.test.thing.changed.v1', source: 's', subject: 'x', data: {}, sequence: 1 }),
      );
      expect(event.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    } finally {
      trace.disable();
      propagation.disable();
      context.disable();
    }
  });
});
