import { countingFetch, endpointOf, FleetEvent, FleetRecorder } from './fleet-stats';

describe('endpointOf', () => {
  it.each([
    ['POST', 'http://t:1/api/v1/clients/challenge', 'challenge'],
    ['POST', 'http://t:1/api/v1/clients/register', 'register'],
    ['POST', 'http://t:1/api/v1/clients/5d0c/token', 'token'],
    ['PUT', 'http://t:1/api/v1/clients/5d0c/inventory', 'inventory'],
    ['POST', 'http://t:1/api/v1/clients/5d0c/heartbeat', 'heartbeat'],
    ['GET', 'http://a:2/api/v1/clients/5d0c/policy', 'policy'],
    ['POST', 'http://a:2/api/v1/clients/5d0c/status', 'status'],
    ['GET', 'http://a:2/api/v1/clients/5d0c/content-grant?packageId=S0100001&version=1', 'content-grant'],
    ['GET', 'http://r:3/api/v1/content-locations?grant=secret', 'content-locations'],
    ['GET', 'http://a:2/api/v1/clients/5d0c/notifications', 'notifications'],
    ['GET', 'http://x:4/health/live', 'GET /health/live'],
  ])('%s %s is %s', (method, url, endpoint) => {
    expect(endpointOf(method, url)).toBe(endpoint);
  });
});

describe('FleetRecorder', () => {
  it('counts agents and runs by state, requests by endpoint and status, errors by place', () => {
    const events: FleetEvent[] = [];
    const recorder = new FleetRecorder((event) => events.push(event));
    recorder.registered(0, 'c-0', 1_000);
    recorder.registered(1, 'c-1', 1_100);
    recorder.request('register', 201);
    recorder.request('register', 201);
    recorder.request('policy', 304);
    recorder.request('policy', 0);
    recorder.advertisementSeen(0, 'c-0', 'S0100009', 2_000);
    recorder.advertisementSeen(1, 'c-1', 'S0100009', 2_100);
    recorder.advertisementSeen(1, 'c-1', 'S0100009', 9_999);
    recorder.reported(0, 'S0100009', 'ACCEPTED', null, 2_050);
    recorder.reported(0, 'S0100009', 'RUNNING', null, 2_060);
    recorder.reported(0, 'S0100009', 'FAILED', 3, 3_000);
    recorder.reported(1, 'S0100009', 'ACCEPTED', null, 2_200);
    recorder.error('poll', 'GET /policy answered 503: down');

    const stats = recorder.stats({ registered: 2, registering: 1 });
    expect(stats).toEqual({
      agents: 3,
      agentStates: { registered: 2, registering: 1 },
      advertisements: { S0100009: { FAILED: 1, ACCEPTED: 1 } },
      requests: { 'policy 0': 1, 'policy 304': 1, 'register 201': 2 },
      errors: { poll: 1 },
      recentErrors: ['poll: GET /policy answered 503: down'],
    });
    expect(recorder.timesOf('S0100009')).toEqual([
      { agentIndex: 0, clientId: 'c-0', seenAt: 2_000, acceptedAt: 2_050, finalAt: 3_000, state: 'FAILED', exitCode: 3 },
      { agentIndex: 1, clientId: 'c-1', seenAt: 2_100, acceptedAt: 2_200, finalAt: null, state: 'ACCEPTED', exitCode: null },
    ]);
    // The second sighting of the same advertisement by agent 1 is not an event.
    expect(events.filter((event) => event.type === 'advertisement-seen')).toHaveLength(2);
    expect(events.map((event) => event.type)).toEqual(['registered', 'registered', 'advertisement-seen', 'advertisement-seen', 'reported', 'reported', 'reported', 'reported']);
  });

  it('keeps only the last ten error messages but counts them all', () => {
    const recorder = new FleetRecorder();
    for (let error = 0; error < 25; error += 1) recorder.error('register', `failure ${error}`);
    const stats = recorder.stats({});
    expect(stats.errors).toEqual({ register: 25 });
    expect(stats.recentErrors).toHaveLength(10);
    expect(stats.recentErrors.at(-1)).toBe('register: failure 24');
  });
});

describe('countingFetch', () => {
  it('counts each answer under its endpoint and status, and an unreachable service as 0', async () => {
    const recorder = new FleetRecorder();
    const answering = (async (input: string | URL | Request) => {
      if (String(input).includes('down')) throw new TypeError('fetch failed');
      return new Response(null, { status: 304 });
    }) as typeof fetch;
    const counted = countingFetch(recorder, answering);
    await counted('http://a:2/api/v1/clients/c-1/policy', { method: 'GET' });
    await expect(counted('http://down:2/api/v1/clients/c-1/status', { method: 'POST' })).rejects.toThrow('fetch failed');
    expect(recorder.stats({}).requests).toEqual({ 'policy 304': 1, 'status 0': 1 });
  });
});
