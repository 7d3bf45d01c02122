/**
 * Incremental membership latency of the targeting service, in-process on the real local stack:
 * one client's `PUT /clients/:id/inventory` until the membership delta that adds it to its new
 * collection is read back from Kafka, with many query collections and clients registered.
 * Baseline in the same run: the HTTP round trip of the same client's heartbeat.
 * Usage: npm run bench -- targeting-incremental [--clients 2000] [--collections 200] [--changes 100]
 */
import { CloudEvent, EventTypes, MembershipChangedData, TOPICS } from '@sdp/contracts';
import { stackSettings, TestService, uniqueSuffix } from '@sdp/testing';
import { Kafka, logLevel } from 'kafkajs';
import { call, register, startTargeting } from '@sdp/targeting/test-support';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 2000);
const collectionCount = argument('collections', 200);
const changeCount = argument('changes', 100);
const DEPARTMENTS = 20;
const TIERS = 10;
const SETUP_CONCURRENCY = 8;
const EVENT_TIMEOUT_MS = 30_000;

interface BenchClient {
  readonly clientId: string;
  readonly token: string;
  department: number;
  readonly tier: number;
}

/** Runs `work` over `count` indexes, `SETUP_CONCURRENCY` at a time. */
async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index);
      }
    }),
  );
}

/** Resolves a waiter when a delta adding its client to its collection arrives. */
class DeltaWatcher {
  private readonly waiters = new Map<string, () => void>();

  constructor(private readonly collectionIds: ReadonlySet<string>) {}

  expect(collectionId: string, clientId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = `${collectionId}/${clientId}`;
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`no delta adding ${clientId} to ${collectionId} within ${EVENT_TIMEOUT_MS} ms`));
      }, EVENT_TIMEOUT_MS);
      this.waiters.set(key, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  seen(event: CloudEvent): void {
    if (event.type !== EventTypes.targeting.membershipChanged || !this.collectionIds.has(event.subject)) {
      return;
    }
    const delta = event.data as MembershipChangedData;
    for (const clientId of delta.added) {
      const key = `${delta.collectionId}/${clientId}`;
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.waiters.delete(key);
        waiter();
      }
    }
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function summarize(samples: readonly number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), mean: round(mean) };
}

function round(milliseconds: number): number {
  return Number(milliseconds.toFixed(1));
}

/** Collection k selects one department and a minimum tier, so every client is in at least one. */
function expressionOf(index: number): string {
  return `inventory.department = 'D${index % DEPARTMENTS}' AND inventory.tier >= ${Math.floor(index / DEPARTMENTS) % TIERS}`;
}

async function setUp(service: TestService): Promise<{ clients: BenchClient[]; collectionIds: string[] }> {
  const clients: BenchClient[] = [];
  await inParallel(clientCount, async (index) => {
    const department = index % DEPARTMENTS;
    const tier = Math.floor(index / DEPARTMENTS) % TIERS;
    const { clientId, token } = await register(service, { inventory: { department: `D${department}`, tier } });
    clients[index] = { clientId, token, department, tier };
  });
  const collectionIds: string[] = [];
  const marker = uniqueSuffix();
  for (let index = 0; index < collectionCount; index += 1) {
    const created = await call<{ id: string }>(service, 'POST', '/collections', {
      body: { name: `bench ${marker} ${index}`, refresh: { fullEveryMinutes: null }, rules: [{ type: 'query', name: `q${index}`, expression: expressionOf(index) }] },
    });
    if (created.status !== 201) {
      throw new Error(`creating a collection failed: ${created.status} ${JSON.stringify(created.body)}`);
    }
    collectionIds.push(created.body.id);
  }
  return { clients, collectionIds };
}

async function main(): Promise<void> {
  const service = await startTargeting();
  const kafka = new Kafka({ brokers: stackSettings.kafkaBrokers, clientId: 'bench-targeting-incremental', sasl: stackSettings.kafkaSasl, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-targeting-incremental-${uniqueSuffix()}`, maxWaitTimeInMs: 50 });
  try {
    const setUpStart = performance.now();
    const { clients, collectionIds } = await setUp(service);
    const setUpSeconds = (performance.now() - setUpStart) / 1000;
    const watcher = new DeltaWatcher(new Set(collectionIds));
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.targetingMembership, fromBeginning: false });
    await consumer.run({ eachMessage: async ({ message }) => watcher.seen(JSON.parse(message.value!.toString()) as CloudEvent) });

    /** Moves the client to the next department; resolves when the delta adding it to that department's base collection arrives. */
    const change = async (client: BenchClient): Promise<number> => {
      const department = (client.department + 1) % DEPARTMENTS;
      const arrived = watcher.expect(collectionIds[department], client.clientId);
      const start = performance.now();
      const answer = await call(service, 'PUT', `/clients/${client.clientId}/inventory`, {
        body: { inventory: { department: `D${department}`, tier: client.tier } },
        headers: { authorization: `Bearer ${client.token}` },
      });
      if (answer.status !== 200) {
        throw new Error(`inventory change failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      client.department = department;
      await arrived;
      return performance.now() - start;
    };
    const heartbeat = async (client: BenchClient): Promise<number> => {
      const start = performance.now();
      const answer = await call(service, 'POST', `/clients/${client.clientId}/heartbeat`, { headers: { authorization: `Bearer ${client.token}` } });
      if (answer.status !== 204) {
        throw new Error(`heartbeat failed: ${answer.status}`);
      }
      return performance.now() - start;
    };

    // Until the consumer has its partitions and offsets, a delta may be missed: retry the first change.
    const warmUpDeadline = Date.now() + 120_000;
    for (;;) {
      try {
        await change(clients[0]);
        break;
      } catch (error) {
        if (Date.now() > warmUpDeadline) {
          throw error;
        }
      }
    }

    const deltas: number[] = [];
    const heartbeats: number[] = [];
    for (let index = 0; index < changeCount; index += 1) {
      const client = clients[(index * 7919) % clients.length];
      heartbeats.push(await heartbeat(client));
      deltas.push(await change(client));
    }

    const delta = summarize(deltas);
    const baseline = summarize(heartbeats);
    const summary = {
      bench: 'targeting-incremental',
      clients: clientCount,
      collections: collectionCount,
      changes: changeCount,
      setUpSeconds: Number(setUpSeconds.toFixed(1)),
      inventoryChangeToKafkaDeltaMs: delta,
      heartbeatRoundTripMs: baseline,
      ratioToBaselineP50: Number((delta.p50 / baseline.p50).toFixed(1)),
      ratioToBaselineP99: Number((delta.p99 / baseline.p99).toFixed(1)),
      measures: 'PUT /clients/:id/inventory until the membership delta adding the client to its new collection is read from Kafka',
    };
    writeResult(
      'targeting-incremental',
      summary,
      `targeting-incremental: ${changeCount} inventory changes with ${collectionCount} collections × ${clientCount} clients: ` +
        `delta on Kafka p50 ${delta.p50} ms, p99 ${delta.p99} ms; heartbeat round trip p50 ${baseline.p50} ms, p99 ${baseline.p99} ms ` +
        `(${summary.ratioToBaselineP50}× / ${summary.ratioToBaselineP99}× the baseline)`,
    );
  } finally {
    await consumer.disconnect();
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
