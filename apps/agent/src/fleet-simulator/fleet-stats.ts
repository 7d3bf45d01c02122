/** The states a simulated agent reports for an advertisement, as the real agent does (ClientStatusState). */
export type SimulatedRunState = 'ACCEPTED' | 'DOWNLOAD_IN_PROGRESS' | 'DOWNLOAD_COMPLETE' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'WAITING';

/** When one agent met one advertisement (epoch ms), for latencies: first seen in a policy, ACCEPTED sent, final state sent. */
export interface AdvertisementTimes {
  agentIndex: number;
  clientId: string;
  seenAt: number;
  acceptedAt: number | null;
  finalAt: number | null;
  /** The last state reported; RUNNING forever for a run scripted to hang. */
  state: SimulatedRunState;
  exitCode: number | null;
}

export type FleetEvent =
  | { type: 'registered'; agentIndex: number; clientId: string; at: number }
  | { type: 'policy-changed'; agentIndex: number; clientId: string; etag: string | null; at: number }
  | { type: 'advertisement-seen'; agentIndex: number; clientId: string; advertisementId: string; at: number }
  | { type: 'reported'; agentIndex: number; clientId: string; advertisementId: string; state: SimulatedRunState; exitCode: number | null; at: number };

export interface FleetStats {
  agents: number;
  /** Agents by where they are: registering (not yet registered), registered, stopped. */
  agentStates: Record<string, number>;
  /** Per advertisement, its agents by the last state they reported. */
  advertisements: Record<string, Record<string, number>>;
  /** `<endpoint> <status>` → count; status 0 = the service was not reached. */
  requests: Record<string, number>;
  /** Errors by where they happened (register, inventory, poll, report, content). */
  errors: Record<string, number>;
  /** The last few error messages, newest last. */
  recentErrors: string[];
}

const RECENT_ERRORS = 10;

/** What the service endpoint of a URL is, for counting: the client's ID and the query are left out. */
export function endpointOf(method: string, url: string): string {
  const path = new URL(url).pathname;
  const client = /^\/api\/v1\/clients\/(?:challenge|register|[^/]+\/([a-z-]+))$/.exec(path);
  if (client) {
    return client[1] ?? path.slice('/api/v1/clients/'.length);
  }
  if (path === '/api/v1/content-locations') {
    return 'content-locations';
  }
  return `${method} ${path.split('/').slice(0, 4).join('/')}`;
}

/** Everything a fleet counts and times, kept small: counters, plus one record per agent and advertisement. */
export class FleetRecorder {
  readonly registeredAt = new Map<number, number>();
  private readonly times = new Map<string, Map<number, AdvertisementTimes>>();
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly recentErrors: string[] = [];

  constructor(private readonly listener: (event: FleetEvent) => void = () => undefined) {}

  request(endpoint: string, status: number): void {
    const key = `${endpoint} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  error(where: string, message: string): void {
    this.errors.set(where, (this.errors.get(where) ?? 0) + 1);
    this.recentErrors.push(`${where}: ${message}`);
    if (this.recentErrors.length > RECENT_ERRORS) {
      this.recentErrors.shift();
    }
  }

  registered(agentIndex: number, clientId: string, at = Date.now()): void {
    this.registeredAt.set(agentIndex, at);
    this.listener({ type: 'registered', agentIndex, clientId, at });
  }

  policyChanged(agentIndex: number, clientId: string, etag: string | null, at = Date.now()): void {
    this.listener({ type: 'policy-changed', agentIndex, clientId, etag, at });
  }

  advertisementSeen(agentIndex: number, clientId: string, advertisementId: string, at = Date.now()): void {
    let ofAdvertisement = this.times.get(advertisementId);
    if (!ofAdvertisement) {
      ofAdvertisement = new Map();
      this.times.set(advertisementId, ofAdvertisement);
    }
    if (!ofAdvertisement.has(agentIndex)) {
      ofAdvertisement.set(agentIndex, { agentIndex, clientId, seenAt: at, acceptedAt: null, finalAt: null, state: 'WAITING', exitCode: null });
      this.listener({ type: 'advertisement-seen', agentIndex, clientId, advertisementId, at });
    }
  }

  /** A report the service took (sent, not only queued). */
  reported(agentIndex: number, advertisementId: string, state: SimulatedRunState, exitCode: number | null, at = Date.now()): void {
    const times = this.times.get(advertisementId)?.get(agentIndex);
    if (!times) {
      return;
    }
    times.state = state;
    times.exitCode = exitCode;
    if (state === 'ACCEPTED') times.acceptedAt ??= at;
    if (state === 'SUCCEEDED' || state === 'FAILED') times.finalAt ??= at;
    this.listener({ type: 'reported', agentIndex, clientId: times.clientId, advertisementId, state, exitCode, at });
  }

  /** Every agent's times for one advertisement, in agent order. */
  timesOf(advertisementId: string): AdvertisementTimes[] {
    return [...(this.times.get(advertisementId)?.values() ?? [])].sort((left, right) => left.agentIndex - right.agentIndex);
  }

  stats(agentStates: Record<string, number>): FleetStats {
    const advertisements: Record<string, Record<string, number>> = {};
    for (const [advertisementId, ofAdvertisement] of this.times) {
      const counts: Record<string, number> = {};
      for (const times of ofAdvertisement.values()) {
        counts[times.state] = (counts[times.state] ?? 0) + 1;
      }
      advertisements[advertisementId] = counts;
    }
    return {
      agents: Object.values(agentStates).reduce((sum, count) => sum + count, 0),
      agentStates,
      advertisements,
      requests: Object.fromEntries([...this.requests].sort(([left], [right]) => left.localeCompare(right))),
      errors: Object.fromEntries(this.errors),
      recentErrors: [...this.recentErrors],
    };
  }
}

/** The fetch a fleet's agents share: the global one (one keep-alive connection pool), each answer counted by endpoint and status. */
export function countingFetch(recorder: FleetRecorder, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const endpoint = endpointOf(init?.method ?? 'GET', url);
    try {
      const response = await base(input, init);
      recorder.request(endpoint, response.status);
      return response;
    } catch (error) {
      recorder.request(endpoint, 0);
      throw error;
    }
  };
}
