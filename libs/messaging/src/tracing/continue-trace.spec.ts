import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { inSpanContinuing } from './continue-trace';
import { activeTraceparent } from './trace-context';

describe('inSpanContinuing', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('continues the stored trace for the work and what it writes', async () => {
    const stored = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const written = await inSpanContinuing(stored, 'replicate install', async () => activeTraceparent(), { 'sdp.job': 'install' });
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(written).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span?.spanContext().spanId}-01`);
    expect(span?.attributes).toEqual({ 'sdp.job': 'install' });
  });

  it('starts a trace when none was stored, and marks a failure', async () => {
    await expect(inSpanContinuing(undefined, 'replicate remove', async () => Promise.reject(new Error('DP unreachable')))).rejects.toThrow('DP unreachable');
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.status.code).toBe(2);
  });
});
