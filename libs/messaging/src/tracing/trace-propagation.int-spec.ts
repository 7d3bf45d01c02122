import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { CloudEvent, EventRegistry } from '@sdp/contracts';
import { dropDatabase, openServiceDataSource, withDatabase } from '@sdp/persistence';
import { startTracing, traceHttpRequests, Tracing } from '@sdp/observability';
import express from 'express';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { InboxConsumer, InboxHandler } from '../inbox/inbox-consumer';
import { createKafkaMessaging } from '../kafkajs/create-kafka-messaging';
import { messagingMigrations } from '../migrations';
import { Outbox } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { ConsumedRecord, MessageProducer } from '../port';
import { testEnvironment, uniqueSuffix } from '../testing/test-environment';
import { THING_CHANGED, thingChangedData } from '../testing/test-events';
import { testLogger } from '../testing/test-logger';
import { waitFor } from '../testing/wait-for';

const THING_COPIED = 'sdp.test.thing.copied.v1';
const INCOMING_TRACE = '0af7651916cd43dd8448eb211c80319c';
const INCOMING_SPAN = 'b7ad6b7169203331';

/**
 * Two services on the real Kafka: "upstream" writes an event from an HTTP request, "downstream"
 * consumes it and writes a follow-up event to its own outbox, and a last consumer reads that.
 * One trace ID must run from the request's traceparent through both hops.
 */
describe('trace context from HTTP through the outbox and Kafka to consumers, two hops', () => {
  const suffix = uniqueSuffix();
  const changedTopic = `sdp.test.trace-changed.${suffix}`;
  const copiedTopic = `sdp.test.trace-copied.${suffix}`;
  const copierGroup = `sdp-test-trace-copier-${suffix}`;
  const readerGroup = `sdp-test-trace-reader-${suffix}`;
  const headerGroup = `sdp-test-trace-headers-${suffix}`;
  const registry = new EventRegistry([
    { type: THING_CHANGED, topic: changedTopic, aggregate: 'thing', description: 'A thing changed.', dataSchema: thingChangedData },
    { type: THING_COPIED, topic: copiedTopic, aggregate: 'thing', description: 'A thing was copied.', dataSchema: thingChangedData },
  ]);
  const upstreamUrl = withDatabase(testEnvironment.databaseServerUrl, `sdp_test_trace_up_${suffix}`);
  const downstreamUrl = withDatabase(testEnvironment.databaseServerUrl, `sdp_test_trace_down_${suffix}`);
  const messaging = createKafkaMessaging({ brokers: testEnvironment.brokers, credentials: testEnvironment.credentials, clientId: `sdp-test-trace-${suffix}`, logger: testLogger('kafka') });
  const admin = messaging.createAdmin();
  const exporter = new InMemorySpanExporter();
  const producers: MessageProducer[] = [];
  const relays: OutboxRelay[] = [];
  const inboxes: InboxConsumer[] = [];
  let tracing: Tracing;
  let upstreamDb: DataSource;
  let downstreamDb: DataSource;
  let server: Server;
  let url: string;
  const delivered: CloudEvent[] = [];

  function producer(): MessageProducer {
    const created = messaging.createProducer();
    producers.push(created);
    return created;
  }

  function relay(databaseUrl: string): void {
    const started = new OutboxRelay({ databaseUrl, producer: producer(), logger: testLogger('relay'), pollIntervalMs: 100 });
    started.start();
    relays.push(started);
  }

  async function consume(dataSource: DataSource, groupId: string, topic: string, handle: InboxHandler): Promise<void> {
    const inbox = new InboxConsumer({
      dataSource,
      consumer: messaging.createConsumer({ groupId, maxWaitTimeMs: 200 }),
      deadLetterProducer: producer(),
      validate: (raw, eventTopic) => registry.validate(raw, eventTopic),
      topics: [topic],
      handle,
      logger: testLogger('inbox'),
    });
    inboxes.push(inbox);
    await inbox.start();
  }

  beforeAll(async () => {
    tracing = startTracing({ service: 'trace-check', env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    await admin.ensureTopics([
      { topic: changedTopic, partitions: 1 },
      { topic: copiedTopic, partitions: 1 },
    ]);
    upstreamDb = await openServiceDataSource({ databaseUrl: upstreamUrl, entities: [], migrations: messagingMigrations, poolSize: 4 });
    downstreamDb = await openServiceDataSource({ databaseUrl: downstreamUrl, entities: [], migrations: messagingMigrations, poolSize: 4 });

    const upstreamOutbox = new Outbox({ registry, source: 'sdp.test-upstream' });
    const app = express();
    app.use(traceHttpRequests());
    app.use(express.json());
    app.post('/things/:id', async (request, response) => {
      await upstreamDb.transaction((manager) =>
        upstreamOutbox.enqueue(manager, [{ type: THING_CHANGED, subject: request.params.id, data: { step: request.body.step } }]),
      );
      response.status(202).end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const downstreamOutbox = new Outbox({ registry, source: 'sdp.test-downstream' });
    relay(upstreamUrl);
    relay(downstreamUrl);
    await consume(downstreamDb, copierGroup, changedTopic, (event, manager) =>
      downstreamOutbox.enqueue(manager, [{ type: THING_COPIED, subject: event.subject, data: event.data }]).then(() => undefined),
    );
    await consume(downstreamDb, readerGroup, copiedTopic, async (event) => {
      delivered.push(event);
    });
  });

  afterAll(async () => {
    const steps: (() => Promise<unknown>)[] = [
      ...inboxes.map((inbox) => () => inbox.stop()),
      ...relays.map((started) => () => started.stop()),
      ...producers.map((created) => () => created.disconnect()),
      () => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))),
      async () => upstreamDb?.destroy(),
      async () => downstreamDb?.destroy(),
      () => dropDatabase(upstreamUrl),
      () => dropDatabase(downstreamUrl),
      () => admin.deleteTopics([changedTopic, copiedTopic]),
      () => admin.deleteConsumerGroups([copierGroup, readerGroup, headerGroup]),
      () => admin.disconnect(),
      () => tracing.shutdown(),
    ];
    for (const step of steps) {
      await step().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    }
  });

  it('keeps the trace ID of the incoming traceparent, each hop a child of the one before', async () => {
    const response = await fetch(`${url}/things/thing-7`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` },
      body: JSON.stringify({ step: 7 }),
    });
    expect(response.status).toBe(202);

    const [copied] = await waitFor('the copied event at the last consumer', async () => (delivered.length > 0 ? delivered : undefined));
    expect(copied?.traceparent?.split('-')[1]).toBe(INCOMING_TRACE);

    const spans = await waitFor('the consumer spans of both hops', async () => {
      const finished = exporter.getFinishedSpans();
      return finished.filter((span) => span.kind === SpanKind.CONSUMER).length >= 2 ? finished : undefined;
    });
    const serverSpan = only(spans, (span) => span.kind === SpanKind.SERVER);
    const firstHop = only(spans, (span) => span.name === `process ${changedTopic}`);
    const secondHop = only(spans, (span) => span.name === `process ${copiedTopic}`);
    expect(serverSpan.name).toBe('POST /things/:id');
    expect([serverSpan, firstHop, secondHop].map((span) => span.spanContext().traceId)).toEqual([INCOMING_TRACE, INCOMING_TRACE, INCOMING_TRACE]);
    expect(serverSpan.parentSpanContext?.spanId).toBe(INCOMING_SPAN);
    expect(firstHop.parentSpanContext?.spanId).toBe(serverSpan.spanContext().spanId);
    expect(secondHop.parentSpanContext?.spanId).toBe(firstHop.spanContext().spanId);
    expect(firstHop.attributes['messaging.consumer.group.name']).toBe(copierGroup);
    expect(copied?.traceparent).toBe(`00-${INCOMING_TRACE}-${firstHop.spanContext().spanId}-01`);

    // The relay publishes the trace context as a Kafka header too, equal to the envelope's.
    const [record] = await readTopic(copiedTopic, headerGroup, 1);
    expect(record?.headers['traceparent']).toBe(copied?.traceparent);
  });

  async function readTopic(topic: string, groupId: string, count: number): Promise<ConsumedRecord[]> {
    const reader = messaging.createConsumer({ groupId, maxWaitTimeMs: 200 });
    const records: ConsumedRecord[] = [];
    await reader.start({ topics: [topic], fromBeginning: true, handle: async (consumed) => void records.push(consumed) });
    try {
      await waitFor(`${count} records on ${topic}`, async () => (records.length >= count ? true : undefined));
    } finally {
      await reader.stop();
    }
    return records;
  }
});

function only(spans: readonly ReadableSpan[], matches: (span: ReadableSpan) => boolean): ReadableSpan {
  const found = spans.filter(matches);
  if (found.length !== 1) {
    throw new Error(`expected one span, found ${found.length}: ${spans.map((span) => span.name).join(', ')}`);
  }
  return found[0] as ReadableSpan;
}
