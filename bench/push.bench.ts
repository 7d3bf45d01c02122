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
 * each side. The agents run in child processes (this file again, with `--fleet-child`), each with
 * its own share of them: one process holding both ends of 10,000 connections would pass its
 * file-descriptor limit, the service's memory per stream is measured apart from the agents', and
 * one simulator process for 10,000 agents fills a core, so its reports would queue behind it and the
 * bench would time the simulator as much as the service. An agent's memory is what its process
 * holds after its agents started less what it held before, summed over the processes.
 * Usage: npm run bench -- push [--agents 10000] [--fleet-processes 2] [--push-delay-ms 2000] [--concurrency 8]
 */
import { fork } from 'node:child_process';
import { Fleet } from '@sdp/agent/test-support';
import { AdvertisementTestKit, BENCH_FLEET_COLLECTION, benchClientId, benchPackageId, runLoad, seedPolicyTables } from '@sdp/advertisement/test-support';
import { ServiceMetrics } from '@sdp/observability';
import { argument, writeResult } from './bench-support';

const agentCount = argument('agents', 10_000);
const pushDelayMs = argument('push-delay-ms', 2000);
const concurrency = argument('concurrency', 8);
const fleetProcesses = argument('fleet-processes', 2);
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

/** What the parent asks of a fleet child, and what it answers. */
type ToChild =
  | { type: 'start'; url: string; firstIndex: number; identities: { clientId: string; token: string }[]; pushDelayMs: number }
  | { type: 'arm' }
  | { type: 'measure'; advertisementId: string; createdAt: number }
  | { type: 'stop' };
type FromChild =
  | { type: 'started'; agents: number; memoryBytes: number; rssBytes: number }
  | { type: 'armed' }
  | { type: 'measured'; latencies: number[]; seen: number[]; samples: { at: number; count: number }[]; policyRequests: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

async function openStreams(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^sdp_push_streams_open(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Client policies the recompute worker stored so far (sdp_policy_recomputed_total), read from the
 * in-process service's registry: a scrape of GET /metrics every 200 ms during the burst cost the
 * service ~6 % of its CPU (the process metrics walk 10,000 sockets and file descriptors each time).
 */
async function policiesRecomputed(kit: AdvertisementTestKit): Promise<number> {
  const counter = kit.service.app.get(ServiceMetrics).registry.getSingleMetric('sdp_policy_recomputed_total');
  return (await counter?.get())?.values.reduce((sum, { value }) => sum + value, 0) ?? 0;
}

async function waitFor(what: string, done: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + PATIENCE_SECONDS * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${PATIENCE_SECONDS} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A fleet child: its share of the agents (enrolled, with push, polling every 3,600 s), driven by the parent's messages. */
async function fleetChild(): Promise<void> {
  let fleet: Fleet | undefined;
  const send = (message: FromChild) => process.send?.(message);
  const policyRequests = () => Object.entries(fleet?.stats().requests ?? {}).reduce((sum, [key, count]) => (key.startsWith('policy ') ? sum + count : sum), 0);
  let samples: { at: number; count: number }[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let armedAt = 0;
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'start') {
        const before = process.memoryUsage().rss;
        const beforeHeld = memoryNow();
        fleet = new Fleet({
          urls: { targeting: 'http://127.0.0.1:9', advertisement: message.url, replication: 'http://127.0.0.1:9' },
          enrollmentSecret: 'unused: the agents are enrolled already',
          firstIndex: message.firstIndex,
          enrolled: (index) => message.identities[index - message.firstIndex],
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
        const held = memoryNow() - beforeHeld;
        send({ type: 'started', agents: message.identities.length, memoryBytes: held, rssBytes: process.memoryUsage().rss - before });
      } else if (message.type === 'arm') {
        armedAt = policyRequests();
        let last = armedAt;
        samples = [];
        sampler = setInterval(() => {
          const now = policyRequests();
          samples.push({ at: Date.now(), count: now - last });
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
        send({ type: 'measured', latencies, seen, samples, policyRequests: policyRequests() - armedAt });
      } else {
        await fleet?.stop();
        process.send?.({ type: 'stopped' } satisfies FromChild, () => process.exit(0));
      }
    })().catch((error: Error) => send({ type: 'failed', message: error.stack ?? error.message }));
  });
}

/** One fleet child process, asked one thing at a time. */
class FleetProcess {
  private readonly child = fork(__filename, ['--fleet-child'], { execArgv: process.execArgv, env: process.env });
  private readonly answers: FromChild[] = [];
  private waiting: (() => void) | undefined;

  constructor() {
    this.child.on('message', (message: FromChild) => {
      this.answers.push(message);
      this.waiting?.();
    });
    this.child.on('exit', (code) => {
      this.answers.push({ type: 'failed', message: `exited with ${code}` });
      this.waiting?.();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async ask<T extends FromChild['type']>(message: ToChild, answer: T): Promise<Extract<FromChild, { type: T }>> {
    this.child.send(message);
    for (;;) {
      const index = this.answers.findIndex((candidate) => candidate.type === answer || candidate.type === 'failed');
      if (index >= 0) {
        const [found] = this.answers.splice(index, 1);
        if (found.type === 'failed') throw new Error(`fleet child ${this.pid}: ${found.message}`);
        return found as Extract<FromChild, { type: T }>;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  kill(): void {
    this.child.kill();
  }
}

async function main(): Promise<void> {
  const kit = await AdvertisementTestKit.start();
  const fleets = Array.from({ length: fleetProcesses }, () => new FleetProcess());
  try {
    await seedPolicyTables(kit.service.databaseUrl, { clients: agentCount, collections: 10, advertisements: 10, membershipsPerClient: 1, fleetCollection: true });
    const health = await runLoad(kit.service.url, 20_000, concurrency, () => ({ path: '/health/live' }));
    const identities = Array.from({ length: agentCount }, (_, index) => ({ clientId: benchClientId(index), token: kit.clientToken(benchClientId(index)) }));

    const serverBefore = memoryNow();
    // Each child its own contiguous share of the identities.
    const share = Math.ceil(agentCount / fleetProcesses);
    const started = await Promise.all(
      fleets.map((fleet, number) => fleet.ask({ type: 'start', url: kit.service.url, firstIndex: number * share, identities: identities.slice(number * share, (number + 1) * share), pushDelayMs }, 'started')),
    );
    await waitFor('streams open', async () => (await openStreams(kit.service.url)) >= agentCount);
    const serverPerStream = Math.round((memoryNow() - serverBefore) / agentCount);
    // Memory the agents hold, summed over the children, per agent (each child's own baseline left out).
    const agentPerStream = Math.round(started.reduce((sum, child) => sum + child.memoryBytes, 0) / agentCount);
    const agentRssPerStream = Math.round(started.reduce((sum, child) => sum + child.rssBytes, 0) / agentCount);

    await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'arm' }, 'armed')));
    const recomputedBefore = await policiesRecomputed(kit);
    const createdAt = Date.now();
    const created = await kit.http<{ id: string }>('POST', '/advertisements', {
      body: { name: 'bench push', packageId: benchPackageId(0), program: 'Install', collectionId: BENCH_FLEET_COLLECTION },
    });
    if (created.status !== 201) throw new Error(`advertisement to the fleet: ${created.status} ${JSON.stringify(created.body)}`);
    // When the worker has stored every client's new policy (sampled every 200 ms, beside the agents' measurement).
    let policiesReadySeconds = NaN;
    const ready = waitFor('every policy recomputed', async () => {
      const done = (await policiesRecomputed(kit)) - recomputedBefore >= agentCount;
      if (done) policiesReadySeconds = (Date.now() - createdAt) / 1000;
      return done;
    });
    const measured = await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'measure', advertisementId: created.body.id, createdAt }, 'measured')));
    await ready;
    const latencies = measured.flatMap((child) => child.latencies).sort((left, right) => left - right);
    const p95 = percentile(latencies, 0.95);
    const seen = measured.flatMap((child) => child.seen).sort((left, right) => left - right);
    // Policy requests per second of the wall clock since the creation, summed over the children (each samples once a second).
    const perSecond: number[] = [];
    for (const sample of measured.flatMap((child) => child.samples)) {
      const second = Math.max(0, Math.floor((sample.at - createdAt) / 1000));
      perSecond[second] = (perSecond[second] ?? 0) + sample.count;
    }
    const policyRequestsPerSecond = Array.from(perSecond, (count) => count ?? 0);
    const peak = Math.max(0, ...policyRequestsPerSecond);
    const summary = {
      bench: 'push',
      agents: agentCount,
      fleetProcesses,
      pushDelayMs,
      pollSeconds: 3600,
      creationToPoliciesReady: { seconds: Number(policiesReadySeconds.toFixed(2)) },
      creationToAccepted: {
        p50Seconds: Number(percentile(latencies, 0.5).toFixed(2)),
        p95Seconds: Number(p95.toFixed(2)),
        maxSeconds: Number(latencies[latencies.length - 1].toFixed(2)),
      },
      creationToPolicySeen: { p50Seconds: Number(percentile(seen, 0.5).toFixed(2)), p95Seconds: Number(percentile(seen, 0.95).toFixed(2)) },
      policyRequests: { afterCreation: measured.reduce((sum, child) => sum + child.policyRequests, 0), peakPerSecond: peak, perSecond: policyRequestsPerSecond },
      baseline: { endpoint: 'GET /health/live', perSecond: health.requestsPerSecond, p99Ms: health.p99Ms },
      peakToBaseline: Number((peak / health.requestsPerSecond).toFixed(3)),
      memoryPerStreamBytes: { service: serverPerStream, agent: agentPerStream, agentRss: agentRssPerStream },
      fleetProcessMemory: started.map((child) => ({ agents: child.agents, heldBytes: child.memoryBytes, rssGrowthBytes: child.rssBytes })),
      goal: `p95 from creation to ACCEPTED < ${GOAL_P95_SECONDS} s`,
      meetsGoal: p95 < GOAL_P95_SECONDS,
    };
    writeResult(
      'push',
      summary,
      `push: ${agentCount} agents (${fleetProcesses} fleet processes) holding streams, polling every 3600 s; every policy ready ${summary.creationToPoliciesReady.seconds} s after the creation; creation → ACCEPTED p50 ${summary.creationToAccepted.p50Seconds} s ` +
        `p95 ${summary.creationToAccepted.p95Seconds} s max ${summary.creationToAccepted.maxSeconds} s (policy seen p95 ${summary.creationToPolicySeen.p95Seconds} s); policy requests peak ${peak}/s ` +
        `(${summary.peakToBaseline}× /health/live ${health.requestsPerSecond}/s); per held stream: service ${(serverPerStream / 1024).toFixed(1)} KiB, ` +
        `simulated agent ${(agentPerStream / 1024).toFixed(1)} KiB (RSS ${(agentRssPerStream / 1024).toFixed(1)} KiB)`,
    );
    await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'stop' }, 'stopped')));
  } finally {
    for (const fleet of fleets) fleet.kill();
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
