/**
 * Push to online agents: N simulated agents (the fleet simulator, each with the agent's own
 * NotificationChannel) hold a notification stream to the real advertisement service (in-process,
 * real PostgreSQL and Kafka) and poll only every 3,600 s. Their clients are seeded in the service's
 * tables and enrolled already (tokens minted by the kit), so the path measured is the deployment's:
 * an administrator creates an advertisement to a collection holding all N → the invalidation
 * queues their policies → the recompute worker makes them ready and NOTIFYs → the replica holding
 * each stream tells its agent → the agent fetches its policy (after its random push delay) and
 * reports ACCEPTED. Reported: time from the creation to each agent's ACCEPTED (p50/p95/max; goal
 * p95 < 10 s), the peak rate of policy requests per second (the herd) against the same service's
 * `GET /health/live` rate measured in the same run (the baseline), and memory per held stream on
 * each side. The agents run in a child process (this file again, with `--fleet-child`): one process
 * holding both ends of 10,000 connections would pass its file-descriptor limit, and the service's
 * memory per stream is measured apart from the agents'.
 * Usage: npm run bench -- push [--agents 10000] [--push-delay-ms 2000] [--concurrency 8]
 */
import { fork } from 'node:child_process';
import { Fleet } from '@sdp/agent/test-support';
import { AdvertisementTestKit, BENCH_FLEET_COLLECTION, benchClientId, benchPackageId, runLoad, seedPolicyTables } from '@sdp/advertisement/test-support';
import { argument, writeResult } from './bench-support';

const agentCount = argument('agents', 10_000);
const pushDelayMs = argument('push-delay-ms', 2000);
const concurrency = argument('concurrency', 8);
const GOAL_P95_SECONDS = 10;
const PATIENCE_SECONDS = 300;

function percentile(sorted: readonly number[], share: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

function memoryNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

/** What the parent asks of the fleet child, and what it answers. */
type ToChild =
  | { type: 'start'; url: string; identities: { clientId: string; token: string }[]; pushDelayMs: number }
  | { type: 'arm' }
  | { type: 'measure'; advertisementId: string; createdAt: number }
  | { type: 'stop' };
type FromChild =
  | { type: 'started'; memoryPerAgentBytes: number }
  | { type: 'armed' }
  | { type: 'measured'; latencies: number[]; seen: number[]; perSecond: number[]; policyRequests: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

async function openStreams(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^sdp_push_streams_open(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Client policies the recompute worker stored so far (sdp_policy_recomputed_total). */
async function policiesRecomputed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^sdp_policy_recomputed_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

async function waitFor(what: string, done: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + PATIENCE_SECONDS * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${PATIENCE_SECONDS} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The fleet child: N enrolled agents with push, polling every 3,600 s, driven by the parent's messages. */
async function fleetChild(): Promise<void> {
  let fleet: Fleet | undefined;
  const send = (message: FromChild) => process.send?.(message);
  const policyRequests = () => Object.entries(fleet?.stats().requests ?? {}).reduce((sum, [key, count]) => (key.startsWith('policy ') ? sum + count : sum), 0);
  let perSecond: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let armedAt = 0;
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'start') {
        const before = memoryNow();
        fleet = new Fleet({
          urls: { targeting: 'http://127.0.0.1:9', advertisement: message.url, replication: 'http://127.0.0.1:9' },
          enrollmentSecret: 'unused: the agents are enrolled already',
          enrolled: (index) => message.identities[index],
          push: true,
          pushDelayMs: message.pushDelayMs,
          pollSeconds: 3600,
          heartbeat: false,
          runSeconds: 1,
        });
        await fleet.start(message.identities.length);
        // Every agent polled once (its warm policy); the parent checks the streams.
        await waitFor('first polls', () => policyRequests() >= message.identities.length);
        // The warm policy's advertisements run to their end first: their reports must not overlap the measured deployment.
        await waitFor('warm runs ended', () =>
          Object.values(fleet!.stats().advertisements).every((counts) => Object.keys(counts).every((state) => state === 'SUCCEEDED' || state === 'FAILED')),
        );
        send({ type: 'started', memoryPerAgentBytes: Math.round((memoryNow() - before) / message.identities.length) });
      } else if (message.type === 'arm') {
        armedAt = policyRequests();
        let last = armedAt;
        perSecond = [];
        sampler = setInterval(() => {
          const now = policyRequests();
          perSecond.push(now - last);
          last = now;
        }, 1000);
        send({ type: 'armed' });
      } else if (message.type === 'measure') {
        const accepted = () => fleet!.timesOf(message.advertisementId).filter((times) => times.acceptedAt !== null);
        const total = fleet!.agents.length;
        try {
          await waitFor('every agent ACCEPTED', () => accepted().length >= total);
        } finally {
          clearInterval(sampler);
        }
        const latencies = accepted().map((times) => ((times.acceptedAt as number) - message.createdAt) / 1000);
        const seen = accepted().map((times) => (times.seenAt - message.createdAt) / 1000);
        send({ type: 'measured', latencies, seen, perSecond, policyRequests: policyRequests() - armedAt });
      } else {
        await fleet?.stop();
        process.send?.({ type: 'stopped' } satisfies FromChild, () => process.exit(0));
      }
    })().catch((error: Error) => send({ type: 'failed', message: error.stack ?? error.message }));
  });
}

async function main(): Promise<void> {
  const kit = await AdvertisementTestKit.start();
  const child = fork(__filename, ['--fleet-child'], { execArgv: process.execArgv, env: process.env });
  const answers: FromChild[] = [];
  let waiting: (() => void) | undefined;
  child.on('message', (message: FromChild) => {
    answers.push(message);
    waiting?.();
  });
  child.on('exit', (code) => {
    answers.push({ type: 'failed', message: `exited with ${code}` });
    waiting?.();
  });
  const ask = async <T extends FromChild['type']>(message: ToChild, answer: T): Promise<Extract<FromChild, { type: T }>> => {
    child.send(message);
    for (;;) {
      const index = answers.findIndex((candidate) => candidate.type === answer || candidate.type === 'failed');
      if (index >= 0) {
        const [found] = answers.splice(index, 1);
        if (found.type === 'failed') throw new Error(`fleet child: ${found.message}`);
        return found as Extract<FromChild, { type: T }>;
      }
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
    }
  };
  try {
    await seedPolicyTables(kit.service.databaseUrl, { clients: agentCount, collections: 10, advertisements: 10, membershipsPerClient: 1, fleetCollection: true });
    const health = await runLoad(kit.service.url, 20_000, concurrency, () => ({ path: '/health/live' }));
    const identities = Array.from({ length: agentCount }, (_, index) => ({ clientId: benchClientId(index), token: kit.clientToken(benchClientId(index)) }));

    const serverBefore = memoryNow();
    const started = await ask({ type: 'start', url: kit.service.url, identities, pushDelayMs }, 'started');
    await waitFor('streams open', async () => (await openStreams(kit.service.url)) >= agentCount);
    const serverPerStream = Math.round((memoryNow() - serverBefore) / agentCount);

    await ask({ type: 'arm' }, 'armed');
    const recomputedBefore = await policiesRecomputed(kit.service.url);
    const createdAt = Date.now();
    const created = await kit.http<{ id: string }>('POST', '/advertisements', {
      body: { name: 'bench push', packageId: benchPackageId(0), program: 'Install', collectionId: BENCH_FLEET_COLLECTION },
    });
    if (created.status !== 201) throw new Error(`advertisement to the fleet: ${created.status} ${JSON.stringify(created.body)}`);
    // When the worker has stored every client's new policy (sampled every 200 ms, beside the agents' measurement).
    let policiesReadySeconds = NaN;
    const ready = waitFor('every policy recomputed', async () => {
      const done = (await policiesRecomputed(kit.service.url)) - recomputedBefore >= agentCount;
      if (done) policiesReadySeconds = (Date.now() - createdAt) / 1000;
      return done;
    });
    const measured = await ask({ type: 'measure', advertisementId: created.body.id, createdAt }, 'measured');
    await ready;
    const latencies = [...measured.latencies].sort((left, right) => left - right);
    const p95 = percentile(latencies, 0.95);
    const seen = [...measured.seen].sort((left, right) => left - right);
    const peak = Math.max(0, ...measured.perSecond);
    const summary = {
      bench: 'push',
      agents: agentCount,
      pushDelayMs,
      pollSeconds: 3600,
      creationToPoliciesReady: { seconds: Number(policiesReadySeconds.toFixed(2)) },
      creationToAccepted: {
        p50Seconds: Number(percentile(latencies, 0.5).toFixed(2)),
        p95Seconds: Number(p95.toFixed(2)),
        maxSeconds: Number(latencies[latencies.length - 1].toFixed(2)),
      },
      creationToPolicySeen: { p50Seconds: Number(percentile(seen, 0.5).toFixed(2)), p95Seconds: Number(percentile(seen, 0.95).toFixed(2)) },
      policyRequests: { afterCreation: measured.policyRequests, peakPerSecond: peak, perSecond: measured.perSecond },
      baseline: { endpoint: 'GET /health/live', perSecond: health.requestsPerSecond, p99Ms: health.p99Ms },
      peakToBaseline: Number((peak / health.requestsPerSecond).toFixed(3)),
      memoryPerStreamBytes: { service: serverPerStream, agent: started.memoryPerAgentBytes },
      goal: `p95 from creation to ACCEPTED < ${GOAL_P95_SECONDS} s`,
      meetsGoal: p95 < GOAL_P95_SECONDS,
    };
    writeResult(
      'push',
      summary,
      `push: ${agentCount} agents holding streams, polling every 3600 s; every policy ready ${summary.creationToPoliciesReady.seconds} s after the creation; creation → ACCEPTED p50 ${summary.creationToAccepted.p50Seconds} s ` +
        `p95 ${summary.creationToAccepted.p95Seconds} s max ${summary.creationToAccepted.maxSeconds} s (policy seen p95 ${summary.creationToPolicySeen.p95Seconds} s); policy requests peak ${peak}/s ` +
        `(${summary.peakToBaseline}× /health/live ${health.requestsPerSecond}/s); per held stream: service ${(serverPerStream / 1024).toFixed(1)} KiB, ` +
        `simulated agent ${(started.memoryPerAgentBytes / 1024).toFixed(1)} KiB`,
    );
    await ask({ type: 'stop' }, 'stopped');
  } finally {
    child.kill();
    await kit.close();
  }
}

if (process.argv.includes('--fleet-child')) {
  void fleetChild();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
