import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ConsumedRecord } from '../port';
import { inConsumerSpan } from './consumer-span';
import { activeTraceparent } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PRODUCER_SPAN}-01`;

function record(headers: Record<string, string> = {}): ConsumedRecord {
  return { topic: 'sdp.test.things', partition: 2, offset: '41', key: 'thing-1', value: Buffer.from('{}'), headers };
}

describe('inConsumerSpan', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('continues the event trace and makes it the active one for what the handler writes', async () => {
    let written: string | undefined;
    const outcome = await inConsumerSpan({ record: record(), groupId: 'sdp-test', traceparent: TRACEPARENT, eventId: 'e-1', eventType: 't.v1' }, async () => {
      await Promise.resolve();
      written = activeTraceparent();
      return 'applied';
    });
    expect(outcome).toBe('applied');
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.name).toBe('process sdp.test.things');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(written).toBe(`00-${TRACE_ID}-${span?.spanContext().spanId}-01`);
    expect(span?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'sdp-test',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.message.id': 'e-1',
      'sdp.inbox.outcome': 'applied',
    });
  });

  it('falls back to the record header, and marks a dead letter as an error', async () => {
    await inConsumerSpan({ record: record({ traceparent: TRACEPARENT }), groupId: 'sdp-test' }, async () => 'dead_lettered');
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.status).toEqual({ code: 2, message: 'dead-lettered' });
  });

  it('starts a trace for an event without one and records a failure before passing it on', async () => {
    await expect(inConsumerSpan({ record: record(), groupId: 'sdp-test' }, async () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });
});
