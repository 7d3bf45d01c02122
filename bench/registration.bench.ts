/**
 * Registration and inventory updates of the targeting service on the real local stack, against many
 * query collections. The service runs in this process; the simulated agents run in child processes
 * (this file again, with `--agents-child`), as in a deployment, where clients are other machines:
 * the service process's CPU is the service's alone, and the figures are the service's, not those of
 * one process sharing a core between both ends of every request. Each registration is what an agent
 * does: ask for a challenge, sign it with its Ed25519 key (contracts' clientKeyProofMessage, as
 * apps/agent does), register with the enrollment secret; then every registered client sends an
 * inventory that moves it to other collections, with its token. The children share the concurrency
 * and the clients between them; the rate is all requests over the time from the first start to the
 * last end. Baseline in the same run: `GET /health/live` of the same service from the same children
 * at the same concurrency. Reported beside the rates: the service process's CPU per operation.
 * Afterwards a full evaluation of a sample of collections must find nothing to add or remove, and as
 * many members as the bench expects: incremental evaluation kept up.
 * Usage: npm run bench -- registration [--clients 2000] [--collections 1000] [--concurrency 32] [--agent-processes 1]
 */
import { fork } from 'node:child_process';
import { DataSource } from 'typeorm';
import { clientKeyProof, newClientKey, TestClientKey, uniqueSuffix } from '@sdp/testing';
import { call, startTargeting } from '@sdp/targeting/test-support';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 2000);
const collectionCount = argument('collections', 1000);
const concurrency = argument('concurrency', 32);
const agentProcesses = argument('agent-processes', 1);
const DEPARTMENTS = 20;
const TIERS = 10;
const OS = ['windows', 'linux', 'macos'];
const CHECKED_COLLECTIONS = 10;
const BAR = 'registrations and inventory updates >= 500/s with p99 < 100 ms against 1,000 query collections';

interface Profile {
  readonly department: number;
  readonly tier: number;
  readonly os: number;
}

interface Collection {
  readonly id: string;
  readonly department: number;
  readonly minimumTier: number;
  readonly os: number;
}

interface Timing {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU of the service process (user + system) per request or operation. */
  readonly serviceCpuMs: number;
  /** CPU of the agents children per operation (their HTTP, signatures, JSON). */
  readonly agentsCpuMs: number;
  /** Events the service wrote to its outbox per operation, by topic (membership deltas are most of them). */
  readonly eventsPerOperation?: Record<string, number>;
}

type Phase = 'health' | 'register' | 'inventory';

/** What the parent asks of an agents child, and what it answers. */
type ToChild = { type: 'setUp'; url: string; marker: string; indexes: number[]; concurrency: number } | { type: 'run'; phase: Phase } | { type: 'stop' };
type FromChild =
  | { type: 'ready' }
  | { type: 'ran'; phase: Phase; latencies: number[]; startedAt: number; endedAt: number; cpuMs: number }
  | { type: 'failed'; message: string };

/** Collection k: one OS, one department, a minimum tier; each client is in about ten of them. */
function collectionShape(index: number): Omit<Collection, 'id'> {
  return { department: index % DEPARTMENTS, minimumTier: Math.floor(index / DEPARTMENTS) % TIERS, os: Math.floor(index / (DEPARTMENTS * TIERS)) % OS.length };
}

function expressionOf(shape: Omit<Collection, 'id'>): string {
  return `os.name = '${OS[shape.os]}' AND inventory.department = 'D${shape.department}' AND inventory.tier >= ${shape.minimumTier}`;
}

function isMember(collection: Collection, profile: Profile): boolean {
  return collection.os === profile.os && collection.department === profile.department && profile.tier >= collection.minimumTier;
}

function profileOf(index: number): Profile {
  return { department: index % DEPARTMENTS, tier: Math.floor(index / DEPARTMENTS) % TIERS, os: index % OS.length };
}

/** Where the inventory update moves a client: the next department. */
function moved(profile: Profile): Profile {
  return { ...profile, department: (profile.department + 1) % DEPARTMENTS };
}

function inventoryOf(profile: Profile): Record<string, unknown> {
  return { department: `D${profile.department}`, tier: profile.tier, memoryMb: 16384 };
}

/** Wall-clock milliseconds comparable between processes. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/** An agents child: registers its share of the clients and updates their inventory, as the parent asks. */
function agentsChild(): void {
  let setUp: Extract<ToChild, { type: 'setUp' }> | undefined;
  let keys: TestClientKey[] = [];
  const registered: { clientId: string; token: string }[] = [];
  const send = (message: FromChild) => process.send?.(message);

  async function post(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${setUp!.url}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const work: Record<Phase, (slot: number) => Promise<void>> = {
    health: async () => {
      const response = await fetch(`${setUp!.url}/health/live`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`/health/live answered ${response.status}`);
    },
    register: async (slot) => {
      const index = setUp!.indexes[slot];
      const profile = profileOf(index);
      const answer = await post('POST', '/clients/register', {
        enrollmentSecret: 'dev-enroll-secret',
        name: `bench-${setUp!.marker}-${index}`,
        hardwareId: `HW-${setUp!.marker}-${index}`,
        domain: 'corp.example.com',
        os: { name: OS[profile.os], version: '10.0.19045', arch: 'x64' },
        ipAddresses: [`10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`],
        inventory: inventoryOf(profile),
        ...(await clientKeyProof(setUp!.url, keys[slot])),
      });
      if (answer.status !== 201) throw new Error(`registration failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      registered[slot] = answer.body as { clientId: string; token: string };
    },
    inventory: async (slot) => {
      const index = setUp!.indexes[slot];
      const answer = await post('PUT', `/clients/${registered[slot].clientId}/inventory`, { inventory: inventoryOf(moved(profileOf(index))) }, { authorization: `Bearer ${registered[slot].token}` });
      if (answer.status !== 200) throw new Error(`inventory update failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    },
  };

  /** Runs the phase for every client of this child, `concurrency` at a time, timing each. */
  async function run(phase: Phase): Promise<Extract<FromChild, { type: 'ran' }>> {
    const count = setUp!.indexes.length;
    const latencies = new Array<number>(count);
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const startedAt = now();
    await Promise.all(
      Array.from({ length: Math.min(setUp!.concurrency, count) }, async () => {
        while (next < count) {
          const slot = next;
          next += 1;
          const started = performance.now();
          await work[phase](slot);
          latencies[slot] = performance.now() - started;
        }
      }),
    );
    const endedAt = now();
    const cpu = process.cpuUsage(cpuBefore);
    return { type: 'ran', phase, latencies, startedAt, endedAt, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  // The bench process gone (it failed, or was stopped): nothing left to do here.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'setUp') {
        setUp = message;
        keys = message.indexes.map(() => newClientKey());
        send({ type: 'ready' });
      } else if (message.type === 'run') {
        send(await run(message.phase));
      } else {
        process.exit(0);
      }
    })().catch((error: Error) => send({ type: 'failed', message: error.stack ?? error.message }));
  });
}

/** The agents children, driven together: each phase runs in all of them at once. */
class Agents {
  private readonly answers: FromChild[][];
  private readonly waiting: (() => void)[] = [];

  private constructor(private readonly children: ReturnType<typeof fork>[]) {
    this.answers = children.map(() => []);
    children.forEach((child, which) => {
      child.on('message', (message: FromChild) => this.receive(which, message));
      child.on('exit', (code) => this.receive(which, { type: 'failed', message: `exited with ${code}` }));
    });
  }

  static async start(url: string, marker: string): Promise<Agents> {
    const children = Array.from({ length: agentProcesses }, () => fork(__filename, ['--agents-child'], { execArgv: process.execArgv, env: process.env }));
    const agents = new Agents(children);
    await Promise.all(
      children.map((child, which) => {
        // Client i goes to child i mod n; the concurrency is shared out as evenly as it goes.
        const indexes = Array.from({ length: clientCount }, (_, index) => index).filter((index) => index % agentProcesses === which);
        const share = Math.floor(concurrency / agentProcesses) + (which < concurrency % agentProcesses ? 1 : 0);
        return agents.ask(which, { type: 'setUp', url, marker, indexes, concurrency: Math.max(1, share) }, 'ready');
      }),
    );
    return agents;
  }

  /** Runs the phase in every child; the service process's CPU is taken over the same time. */
  async run(phase: Phase): Promise<Timing> {
    const cpuBefore = process.cpuUsage();
    const ran = await Promise.all(this.children.map((_, which) => this.ask(which, { type: 'run', phase }, 'ran')));
    const cpu = process.cpuUsage(cpuBefore);
    const latencies = ran.flatMap((answer) => answer.latencies).sort((left, right) => left - right);
    const count = latencies.length;
    const seconds = (Math.max(...ran.map((answer) => answer.endedAt)) - Math.min(...ran.map((answer) => answer.startedAt))) / 1000;
    const at = (fraction: number): number => Number(latencies[Math.min(count - 1, Math.ceil(fraction * count) - 1)].toFixed(1));
    return {
      count,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(count / seconds),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      serviceCpuMs: Number(((cpu.user + cpu.system) / 1000 / count).toFixed(2)),
      agentsCpuMs: Number((ran.reduce((sum, answer) => sum + answer.cpuMs, 0) / count).toFixed(2)),
    };
  }

  stop(): void {
    for (const child of this.children) {
      child.removeAllListeners('exit');
      child.send({ type: 'stop' } satisfies ToChild);
    }
  }

  private receive(which: number, message: FromChild): void {
    this.answers[which].push(message);
    this.waiting.splice(0).forEach((wake) => wake());
  }

  private async ask<T extends FromChild['type']>(which: number, message: ToChild, answer: T): Promise<Extract<FromChild, { type: T }>> {
    this.children[which].send(message);
    for (;;) {
      const found = this.answers[which].findIndex((candidate) => candidate.type === answer || candidate.type === 'failed');
      if (found >= 0) {
        const [reply] = this.answers[which].splice(found, 1);
        if (reply.type === 'failed') throw new Error(`agents child ${which}: ${reply.message}`);
        return reply as Extract<FromChild, { type: T }>;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

async function main(): Promise<void> {
  const service = await startTargeting();
  let agents: Agents | undefined;
  try {
    const marker = uniqueSuffix();
    const setUpStart = performance.now();
    const collections: Collection[] = [];
    for (let index = 0; index < collectionCount; index += 1) {
      const shape = collectionShape(index);
      const created = await call<{ id: string }>(service, 'POST', '/collections', {
        body: { name: `bench ${marker} ${index}`, refresh: { fullEveryMinutes: null }, rules: [{ type: 'query', name: `q${index}`, expression: expressionOf(shape) }] },
      });
      if (created.status !== 201) {
        throw new Error(`creating a collection failed: ${created.status} ${JSON.stringify(created.body)}`);
      }
      collections.push({ id: created.body.id, ...shape });
    }
    const setUpSeconds = (performance.now() - setUpStart) / 1000;
    const profiles: Profile[] = Array.from({ length: clientCount }, (_, index) => profileOf(index));
    agents = await Agents.start(service.url, marker);

    const health = await agents.run('health');
    const registrations = await withEvents(() => agents!.run('register'));
    const checkedAfterRegistration = await checkMemberships();
    const inventoryUpdates = await withEvents(() => agents!.run('inventory'));
    profiles.forEach((profile, index) => (profiles[index] = moved(profile)));
    const checkedAfterInventory = await checkMemberships();

    const summary = {
      bench: 'registration',
      clients: clientCount,
      collections: collectionCount,
      concurrency,
      agentProcesses,
      setUpSeconds: Number(setUpSeconds.toFixed(1)),
      registrations,
      inventoryUpdates,
      healthLive: health,
      registrationRatioToHealthLive: Number((registrations.perSecond / health.perSecond).toFixed(3)),
      inventoryRatioToHealthLive: Number((inventoryUpdates.perSecond / health.perSecond).toFixed(3)),
      membershipsChecked: { afterRegistration: checkedAfterRegistration, afterInventory: checkedAfterInventory },
      measures:
        'a registration is POST /clients/challenge, the Ed25519 signature and POST /clients/register; an inventory update is PUT /clients/:id/inventory that moves the client to other collections; ' +
        'the agents run in child processes (agentsCpuMs: their CPU per operation), the service alone in the bench process (serviceCpuMs: its CPU per operation)',
      bar: BAR,
    };
    writeResult(
      'registration',
      summary,
      `registration: ${clientCount} clients, ${collectionCount} query collections, concurrency ${concurrency} from ${agentProcesses} agent process(es): ` +
        `registrations ${registrations.perSecond}/s (p50 ${registrations.p50Ms} ms, p99 ${registrations.p99Ms} ms, service CPU ${registrations.serviceCpuMs} ms each), ` +
        `inventory updates ${inventoryUpdates.perSecond}/s (p50 ${inventoryUpdates.p50Ms} ms, p99 ${inventoryUpdates.p99Ms} ms, service CPU ${inventoryUpdates.serviceCpuMs} ms each); ` +
        `/health/live ${health.perSecond}/s (p99 ${health.p99Ms} ms): ${summary.registrationRatioToHealthLive}× / ${summary.inventoryRatioToHealthLive}× of it; ` +
        `events written per registration ${JSON.stringify(registrations.eventsPerOperation)}, per inventory update ${JSON.stringify(inventoryUpdates.eventsPerOperation)}`,
    );

    /** The phase's timing, with the events the service wrote meanwhile per operation (each aggregate's sequence counts its events). */
    async function withEvents(phase: () => Promise<Timing>): Promise<Timing> {
      const eventCounts = async (): Promise<Map<string, number>> => {
        const rows: { topic: string; events: string }[] = await service.app.get(DataSource).query('SELECT topic, sum(last_sequence) AS events FROM outbox_aggregate_sequence GROUP BY topic');
        return new Map(rows.map((row) => [row.topic, Number(row.events)]));
      };
      const before = await eventCounts();
      const timing = await phase();
      // Membership deltas are published after the requests' transactions commit: let them come.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = await eventCounts();
      const eventsPerOperation = Object.fromEntries([...after].map(([topic, events]) => [topic, Number(((events - (before.get(topic) ?? 0)) / timing.count).toFixed(2))]).filter(([, perOperation]) => perOperation !== 0));
      return { ...timing, eventsPerOperation };
    }

    /** A full evaluation of a sample of collections finds the members the bench expects, and nothing to change. */
    async function checkMemberships(): Promise<number> {
      const step = Math.max(1, Math.floor(collections.length / CHECKED_COLLECTIONS));
      let checked = 0;
      for (let index = 0; index < collections.length; index += step) {
        const collection = collections[index];
        const expected = profiles.filter((profile) => isMember(collection, profile)).length;
        const evaluated = await call<{ memberCount: number; added: number; removed: number }>(service, 'POST', `/collections/${collection.id}/evaluate`);
        const { memberCount, added, removed } = evaluated.body;
        if (evaluated.status !== 200 || memberCount !== expected || added !== 0 || removed !== 0) {
          throw new Error(`collection ${collection.id}: expected ${expected} members kept by incremental evaluation, full evaluation answered ${evaluated.status} ${JSON.stringify(evaluated.body)}`);
        }
        checked += 1;
      }
      return checked;
    }
  } finally {
    agents?.stop();
    await service.close();
  }
}

if (process.argv.includes('--agents-child')) {
  agentsChild();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
