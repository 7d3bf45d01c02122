import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSessionStore, IdentityFile, SessionStore } from '../api/client-session';
import { ServiceClient, ServiceUrls } from '../api/service-client';
import { AdvertisementTimes, countingFetch, FleetEvent, FleetRecorder, FleetStats } from './fleet-stats';
import { openPushChannel } from './push-channel';
import { Limiter } from './scheduling';
import { OutcomeScript, ScriptedRunner, SUCCEED } from './scripted-runner';
import { AgentDocument, FleetShared, SimulatedAgent } from './simulated-agent';

export interface FleetOptions {
  urls: ServiceUrls;
  enrollmentSecret: string;
  /** Names the fleet in every agent's inventory (`inventory.fleet`) and hardware ID; random unless given. */
  name?: string;
  /** Default 60; each interval is jittered by ±pollJitter (default 0.2). */
  pollSeconds?: number;
  pollJitter?: number;
  /** Registrations (with their first inventory) in flight at once; default 64. */
  registerConcurrency?: number;
  /** Every other request in flight at once, and so the most connections the shared pool opens; default 256. */
  maxRequestsInFlight?: number;
  /** Wait before registering again after a failure (or the service's Retry-After when longer); default 10. */
  retrySeconds?: number;
  /** Time between a scripted program's RUNNING and its final state; default 1. */
  runSeconds?: number;
  /** A push-announced policy is fetched after a random delay of up to this; default 1000. */
  pushDelayMs?: number;
  /** A heartbeat before each poll after the first, as the real agent sends; default true. */
  heartbeat?: boolean;
  /** How each run ends; default: every run succeeds. */
  outcome?: OutcomeScript;
  /** Download and verify content with the agent's downloader, each agent's cache under `root` (a temp dir unless given); default off. */
  content?: boolean | { root?: string; cacheSizeMb?: number };
  /** One push channel per agent (the agent's NotificationChannel); default off. */
  push?: boolean;
  /**
   * Agents already enrolled elsewhere (e.g. a bench's seeded clients with tokens it minted): each
   * starts with this identity and a key of its own, sends no registration and no inventory, and
   * goes straight to polling. Default: every agent registers.
   */
  enrolled?: (index: number) => { clientId: string; token: string };
  /** Keep each agent's identity and key as files under `<identityDir>/<name>/`; default: in memory only. */
  identityDir?: string;
  /**
   * The number of this fleet's first agent (default 0): a fleet split over several processes gives
   * each a range of its own (0–4999, 5000–9999), so names, hardware IDs and `enrolled(index)` stay
   * those of one fleet of the whole size.
   */
  firstIndex?: number;
  /** Agents spread over this many sites: `inventory.site` = site-<n>, address in 10.<100+n>.0.0/16; default 4. */
  sites?: number;
  /** Changes an agent's synthetic document (name sim-00042, os mix, fleet, site, subnet) before it registers. */
  inventory?: (index: number, document: AgentDocument) => AgentDocument;
  /** Every registration, policy change, advertisement seen and report sent, as it happens. */
  onEvent?: (event: FleetEvent) => void;
}

export interface FleetMemory {
  agents: number;
  /** Heap used and resident set size grown since before the first agent, per agent (after a GC when --expose-gc). */
  heapBytesPerAgent: number;
  rssBytesPerAgent: number;
}

const OS_MIX = [
  ...Array.from({ length: 6 }, () => ({ name: 'windows', version: '10.0.19045', arch: 'x64' })),
  ...Array.from({ length: 3 }, () => ({ name: 'linux', version: '6.1.0', arch: 'x64' })),
  { name: 'macos', version: '14.5', arch: 'arm64' },
];

/** The document agent `index` of fleet `fleet` registers with: host name sim-00042, six in ten Windows, three Linux, one macOS. */
export function syntheticDocument(index: number, fleet: string, sites: number): AgentDocument {
  const name = `sim-${String(index).padStart(5, '0')}`;
  const site = index % sites;
  return {
    name,
    hardwareId: `${fleet}-${name}`,
    domain: null,
    os: OS_MIX[index % OS_MIX.length],
    ipAddresses: [`10.${100 + site}.${(index >> 8) & 255}.${index & 255}`],
    inventory: { fleet, site: `site-${site}`, simulated: true },
  };
}

/** An identity and key kept in memory only: ten thousand agents need no files. */
class MemorySessionStore implements SessionStore {
  readonly keyName = 'the simulated agent key';
  private key: string | undefined;

  /** With an identity given, the agent is enrolled already: it gets a key of its own at once, so it never adopts one. */
  constructor(private identity?: IdentityFile) {
    if (identity) {
      this.key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    }
  }

  async readIdentity(): Promise<IdentityFile | undefined> {
    return this.identity;
  }

  async writeIdentity(identity: IdentityFile): Promise<void> {
    this.identity = identity;
  }

  async readKey(): Promise<string | undefined> {
    return this.key;
  }

  async writeKey(pem: string): Promise<void> {
    this.key = pem;
  }
}

/**
 * N simulated agents in one process against running services, speaking the real protocol: see
 * SimulatedAgent. They share one fetch (the global keep-alive pool, every answer counted), one
 * limit on registrations and one on other requests in flight.
 */
export class Fleet {
  readonly name: string;
  private readonly agentList: SimulatedAgent[] = [];
  private readonly recorder: FleetRecorder;
  private readonly shared: FleetShared;
  private baseline: NodeJS.MemoryUsage | undefined;
  private contentRoot: { path: string; temporary: boolean } | undefined;
  private readonly sites: number;
  private readonly streamPools = new StreamPools();

  constructor(private readonly options: FleetOptions) {
    this.name = options.name ?? `fleet-${randomBytes(3).toString('hex')}`;
    this.sites = options.sites ?? 4;
    this.recorder = new FleetRecorder(options.onEvent);
    const fetch = countingFetch(this.recorder);
    this.shared = {
      services: new ServiceClient(options.urls, fetch),
      urls: options.urls,
      fetch,
      recorder: this.recorder,
      runner: new ScriptedRunner(options.outcome ?? SUCCEED),
      registrations: new Limiter(options.registerConcurrency ?? 64),
      requests: new Limiter(options.maxRequestsInFlight ?? 256),
      openPushChannel: options.push ? (channel) => openPushChannel({ ...channel, fetch: this.streamPools.next(channel.fetch) }) : undefined,
      settings: {
        enrollmentSecret: options.enrollmentSecret,
        pollSeconds: options.pollSeconds ?? 60,
        pollJitter: options.pollJitter ?? 0.2,
        retrySeconds: options.retrySeconds ?? 10,
        runSeconds: options.runSeconds ?? 1,
        pushDelayMs: options.pushDelayMs ?? 1000,
        heartbeat: options.heartbeat ?? true,
        content: null,
      },
    };
  }

  get agents(): readonly SimulatedAgent[] {
    return this.agentList;
  }

  /** Adds `count` agents (numbered on from those already started); each registers as soon as the registration limit lets it. */
  async start(count: number): Promise<void> {
    if (!this.baseline) {
      this.baseline = measureMemory();
    }
    if (this.options.content && !this.contentRoot) {
      const given = typeof this.options.content === 'object' ? this.options.content.root : undefined;
      this.contentRoot = given ? { path: given, temporary: false } : { path: await mkdtemp(join(tmpdir(), 'sdp-fleet-content-')), temporary: true };
      const cacheSizeMb = (typeof this.options.content === 'object' ? this.options.content.cacheSizeMb : undefined) ?? 1024;
      this.shared.settings.content = { root: this.contentRoot.path, cacheSizeMb };
    }
    const first = (this.options.firstIndex ?? 0) + this.agentList.length;
    for (let index = first; index < first + count; index += 1) {
      const base = syntheticDocument(index, this.name, this.sites);
      const document = this.options.inventory ? this.options.inventory(index, base) : base;
      const enrolled = this.options.enrolled?.(index);
      const store = enrolled
        ? new MemorySessionStore({ ...enrolled, hardwareId: document.hardwareId })
        : this.options.identityDir
          ? fileSessionStore({ identity: join(this.options.identityDir, document.name, 'identity.json'), clientKey: join(this.options.identityDir, document.name, 'client-key.pem') })
          : new MemorySessionStore();
      const agent = new SimulatedAgent(index, document, store, this.shared, enrolled !== undefined);
      this.agentList.push(agent);
      agent.start();
    }
  }

  /** Resolves when every agent started so far has registered; rejects after `timeoutMs`, saying how many had. */
  async whenRegistered(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.recorder.registeredAt.size < this.agentList.length) {
      if (Date.now() > deadline) {
        const { recentErrors } = this.stats();
        throw new Error(`${this.recorder.registeredAt.size} of ${this.agentList.length} agents registered within ${timeoutMs} ms; last errors: ${recentErrors.join(' | ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** When each agent registered (epoch ms), by agent number. */
  registrationTimes(): ReadonlyMap<number, number> {
    return this.recorder.registeredAt;
  }

  /** Every agent's times (seen, ACCEPTED sent, final sent) for one advertisement. */
  timesOf(advertisementId: string): AdvertisementTimes[] {
    return this.recorder.timesOf(advertisementId);
  }

  stats(): FleetStats {
    const states: Record<string, number> = {};
    for (const agent of this.agentList) {
      states[agent.state] = (states[agent.state] ?? 0) + 1;
    }
    return this.recorder.stats(states);
  }

  memory(): FleetMemory {
    const now = measureMemory();
    const base = this.baseline ?? now;
    const agents = this.agentList.length;
    return {
      agents,
      heapBytesPerAgent: agents === 0 ? 0 : Math.round((now.heapUsed - base.heapUsed) / agents),
      rssBytesPerAgent: agents === 0 ? 0 : Math.round((now.rss - base.rss) / agents),
    };
  }

  /** Stops every agent (timers, push channels) after the reports being sent; removes a temporary content root. */
  async stop(): Promise<void> {
    await Promise.all(this.agentList.map((agent) => agent.stop()));
    await this.streamPools.close();
    if (this.contentRoot?.temporary) {
      await rm(this.contentRoot.path, { recursive: true, force: true });
    }
  }
}

/** Held push streams per connection pool. */
const STREAMS_PER_POOL = 250;

interface Dispatcher {
  close(): Promise<void>;
}

/**
 * Connection pools of their own for the agents' push streams, STREAMS_PER_POOL streams each. A real
 * agent holds one stream beside its requests; in one process, ten thousand streams in the pool of
 * the requests (the global dispatcher) would make every request look through ten thousand busy
 * connections for a free one (undici's pool scans its connections per dispatch), and the simulator,
 * not the service, would set the pace. Node's fetch is undici's, whose Agent is reached through the
 * global dispatcher (Node exposes no other handle on it); without one, streams share the global pool.
 */
class StreamPools {
  private readonly pools: Dispatcher[] = [];
  private streams = 0;
  private agentClass: (new () => Dispatcher) | null | undefined;

  /** The fetch for the next stream: `base` with the dispatcher of its pool. */
  next(base: typeof fetch = fetch): typeof fetch {
    this.agentClass ??= undiciAgentClass();
    if (this.agentClass === null) {
      return base;
    }
    const index = Math.floor(this.streams / STREAMS_PER_POOL);
    this.streams += 1;
    this.pools[index] ??= new this.agentClass();
    const dispatcher = this.pools[index];
    return (input, init) => base(input, { ...init, dispatcher } as RequestInit);
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.close().catch(() => undefined)));
    this.pools.length = 0;
    this.streams = 0;
  }
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** The undici Agent class of Node's fetch, or null when there is none to be had (fetch replaced, e.g. in tests). */
function undiciAgentClass(): (new () => Dispatcher) | null {
  if ((globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] === undefined) {
    // Node loads its undici, which sets the global dispatcher, on the first fetch.
    void fetch('data:,').catch(() => undefined);
  }
  const Agent = ((globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { constructor?: unknown } | undefined)?.constructor;
  return typeof Agent === 'function' && Agent.name === 'Agent' ? (Agent as new () => Dispatcher) : null;
}

function measureMemory(): NodeJS.MemoryUsage {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
}

/** One summary line of a fleet's stats, for the CLI and bench logs. */
export function summaryLine(stats: FleetStats): string {
  const agents = Object.entries(stats.agentStates)
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');
  const runs = Object.entries(stats.advertisements)
    .map(([id, states]) => `${id} ${Object.entries(states).map(([state, count]) => `${state}=${count}`).join(' ')}`)
    .join('; ');
  const requests = Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
  const errors = Object.values(stats.errors).reduce((sum, count) => sum + count, 0);
  return `agents: ${agents || 'none'} | runs: ${runs || 'none'} | requests ${requests} | errors ${errors}`;
}
