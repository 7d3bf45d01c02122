import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import express from 'express';
import { request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { traceHttpRequests } from './http-tracing.middleware';
import { startTracing, Tracing } from './tracer-provider';

const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_SPAN = '00f067aa0ba902b7';

describe('traceHttpRequests', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let server: Server;
  let url: string;
  /** What the handler saw as the active trace, after the body parser ran. */
  let seen: { traceId?: string; body?: unknown } = {};

  beforeAll(async () => {
    tracing = startTracing({ service: 'http-tracing-check', env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const app = express();
    app.use(traceHttpRequests({ untracedPaths: new Set(['/metrics']) }));
    app.use(express.json());
    app.post('/things/:id', (request, response) => {
      seen = { traceId: trace.getSpan(context.active())?.spanContext().traceId, body: request.body };
      response.status(201).json({ ok: true });
    });
    app.get('/broken', (_request, response) => void response.status(503).end());
    app.get('/metrics', (_request, response) => void response.send('up 1'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tracing.shutdown();
  });

  beforeEach(() => {
    exporter.reset();
    seen = {};
  });

  async function finishedSpans(count: number) {
    for (let waited = 0; exporter.getFinishedSpans().length < count && waited < 2_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return exporter.getFinishedSpans();
  }

  it('continues the incoming traceparent through a body that arrives in chunks into the handler', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = request(
        `${url}/things/42?verbose=1`,
        { method: 'POST', headers: { 'content-type': 'application/json', traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` } },
        (incoming) => incoming.resume().on('end', () => resolve(incoming.statusCode)),
      );
      outgoing.on('error', reject);
      outgoing.write('{"name":');
      setTimeout(() => outgoing.end('"x"}'), 20);
    });
    expect(status).toBe(201);
    expect(seen).toEqual({ traceId: INCOMING_TRACE, body: { name: 'x' } });
    const [span] = await finishedSpans(1);
    expect(span?.name).toBe('POST /things/:id');
    expect(span?.spanContext().traceId).toBe(INCOMING_TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(INCOMING_SPAN);
    expect(span?.attributes).toMatchObject({ 'http.route': '/things/:id', 'http.response.status_code': 201, 'url.path': '/things/42' });
  });

  it('starts a trace when the request carries none, and marks 5xx as errors', async () => {
    await fetch(`${url}/broken`);
    const [span] = await finishedSpans(1);
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span?.name).toBe('GET /broken');
    expect(span?.status.code).toBe(2);
  });

  it('leaves probed paths untraced', async () => {
    expect(await (await fetch(`${url}/metrics`)).text()).toBe('up 1');
    await fetch(`${url}/broken`);
    const spans = await finishedSpans(1);
    expect(spans.map((span) => span.name)).toEqual(['GET /broken']);
  });
});
