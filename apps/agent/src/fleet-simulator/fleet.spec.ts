import type { PolicyBody } from '@sdp/contracts';
import type { StatusReport } from '../api/service-client';
import { anAdvertisement } from '../test-support/policy-fixtures';
import { Fleet } from './fleet';

const URLS = { targeting: 'http://targeting.test', advertisement: 'http://advertisement.test', replication: 'http://replication.test' };

/** A token the session takes as fresh for an hour. */
function aToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return `h.${Buffer.from(JSON.stringify({ iat: now, exp: now + 3600 })).toString('base64url')}.s`;
}

/** The services' client endpoints, in memory: registration, a policy with an ETag, status reports. */
function fakeServices() {
  const seen = {
    registrations: [] as { name: string; hardwareId: string; inventory: Record<string, unknown> }[],
    registering: 0,
    mostRegistering: 0,
    policyEtags: [] as (string | null)[],
    reports: [] as StatusReport[],
  };
  let policy = { etag: '"v1"', advertisements: [] as ReturnType<typeof anAdvertisement>[] };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const path = new URL(String(input)).pathname;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    if (path.endsWith('/challenge')) return json(201, { challenge: 'c' });
    if (path.endsWith('/register')) {
      seen.registering += 1;
      seen.mostRegistering = Math.max(seen.mostRegistering, seen.registering);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.registering -= 1;
      seen.registrations.push(body);
      return json(201, { clientId: `c-${seen.registrations.length}`, token: aToken() });
    }
    if (path.endsWith('/inventory') || path.endsWith('/heartbeat')) return new Response(null, { status: 204 });
    if (path.endsWith('/policy')) {
      const asked = new Headers(init?.headers).get('if-none-match');
      seen.policyEtags.push(asked);
      if (asked === policy.etag) return new Response(null, { status: 304 });
      return json(200, { clientId: 'c-1', advertisements: policy.advertisements, maintenanceWindows: [] }, { etag: policy.etag });
    }
    if (path.endsWith('/status')) {
      seen.reports.push(...(body as StatusReport[]));
      return new Response(null, { status: 204 });
    }
    return json(404, { message: 'unknown' });
  });
  return { seen, setPolicy: (etag: string, advertisements: ReturnType<typeof anAdvertisement>[]) => (policy = { etag, advertisements }) };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('Fleet with a simulated agent', () => {
  let fleet: Fleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    jest.restoreAllMocks();
  });

  it('registers with a synthetic inventory, polls with the ETag, and reports ACCEPTED, RUNNING, FAILED in seq order', async () => {
    const services = fakeServices();
    services.setPolicy('"v2"', [anAdvertisement({ advertisementId: 'S0100009' })]);
    fleet = new Fleet({ urls: URLS, enrollmentSecret: 's', name: 'unit', pollSeconds: 0.02, runSeconds: 0, outcome: { kind: 'fail', exitCode: 3 } });
    await fleet.start(1);
    await until(() => services.seen.reports.length === 3 && services.seen.policyEtags.length >= 3, 'three reports and three polls');

    expect(services.seen.registrations[0]).toMatchObject({ name: 'sim-00000', hardwareId: 'unit-sim-00000', inventory: { fleet: 'unit', site: 'site-0' } });
    expect(services.seen.policyEtags.slice(0, 3)).toEqual([null, '"v2"', '"v2"']);
    expect(services.seen.reports.map(({ state, seq, exitCode, messageId }) => ({ state, seq, exitCode, messageId }))).toEqual([
      { state: 'ACCEPTED', seq: 1, exitCode: null, messageId: 10002 },
      { state: 'RUNNING', seq: 2, exitCode: null, messageId: 10005 },
      { state: 'FAILED', seq: 3, exitCode: 3, messageId: 10006 },
    ]);
    const times = fleet.timesOf('S0100009');
    expect(times).toEqual([expect.objectContaining({ agentIndex: 0, clientId: 'c-1', state: 'FAILED', exitCode: 3 })]);
    expect(fleet.stats().requests).toMatchObject({ 'register 201': 1, 'policy 200': 1, 'status 204': 2 });
  });

  it('polls at once when told of a new policy by push, and not for the ETag it has', async () => {
    const services = fakeServices();
    fleet = new Fleet({ urls: URLS, enrollmentSecret: 's', pollSeconds: 3600, pushDelayMs: 10 });
    await fleet.start(1);
    await until(() => services.seen.policyEtags.length === 1, 'the first poll');
    const [agent] = fleet.agents;

    agent.onPolicyChanged('"v1"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(services.seen.policyEtags).toHaveLength(1);

    services.setPolicy('"v2"', [anAdvertisement()]);
    agent.onPolicyChanged('"v2"');
    await until(() => services.seen.reports.some((report) => report.state === 'SUCCEEDED'), 'the run after the push');
    expect(services.seen.policyEtags).toEqual([null, '"v1"']);
  });

  it('takes the policy a push carried without fetching it, and sends ACCEPTED with RUNNING in one request', async () => {
    const services = fakeServices();
    fleet = new Fleet({ urls: URLS, enrollmentSecret: 's', pollSeconds: 3600, pushDelayMs: 10 });
    await fleet.start(1);
    await until(() => services.seen.policyEtags.length === 1, 'the first poll');
    const [agent] = fleet.agents;

    agent.onPolicyChanged('"pushed"', { clientId: agent.id, advertisements: [anAdvertisement()], maintenanceWindows: [] } satisfies PolicyBody);
    await until(() => services.seen.reports.some((report) => report.state === 'SUCCEEDED'), 'the run after the push');
    expect(services.seen.policyEtags).toEqual([null]);
    expect(fleet.stats().requests).toMatchObject({ 'policy 200': 1, 'status 204': 2 });
    expect(services.seen.reports.map((report) => report.state)).toEqual(['ACCEPTED', 'RUNNING', 'SUCCEEDED']);
  });

  it('registers every agent, never more at once than the registration limit, each with a key and hardware ID of its own', async () => {
    const services = fakeServices();
    fleet = new Fleet({ urls: URLS, enrollmentSecret: 's', pollSeconds: 3600, registerConcurrency: 3 });
    await fleet.start(20);
    await fleet.whenRegistered(5_000);
    expect(services.seen.mostRegistering).toBe(3);
    expect(fleet.stats().agentStates).toEqual({ registered: 20 });
    expect(new Set(services.seen.registrations.map((registration) => registration.hardwareId)).size).toBe(20);
    expect(new Set(services.seen.registrations.map((registration) => (registration as unknown as { publicKey: string }).publicKey)).size).toBe(20);
    expect(fleet.memory().agents).toBe(20);
  });

  it('numbers its agents from firstIndex: one share of a fleet split over processes, enrolled by the numbers of the whole fleet', async () => {
    const services = fakeServices();
    const enrolledAs: number[] = [];
    fleet = new Fleet({
      urls: URLS,
      enrollmentSecret: 's',
      name: 'split',
      pollSeconds: 3600,
      firstIndex: 5000,
      enrolled: (index) => {
        enrolledAs.push(index);
        return { clientId: `c-${index}`, token: aToken() };
      },
    });
    await fleet.start(2);
    await until(() => services.seen.policyEtags.length === 2, 'both first polls');
    expect(enrolledAs).toEqual([5000, 5001]);
    expect(fleet.agents.map((agent) => [agent.index, agent.document.name, agent.id])).toEqual([
      [5000, 'sim-05000', 'c-5000'],
      [5001, 'sim-05001', 'c-5001'],
    ]);
    expect(services.seen.registrations).toHaveLength(0);
  });
});
