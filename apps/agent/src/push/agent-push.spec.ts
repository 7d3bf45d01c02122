import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLog } from '../agent/event-log';
import type { AgentSettings } from '../cli/agent-args';
import { AgentPush, PushedPolicy } from './agent-push';

const ONE = '11111111-1111-4111-8111-111111111111';
const TWO = '22222222-2222-4222-8222-222222222222';

async function until(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('agent push (the service loop side of the notification channel)', () => {
  let dataDir: string;
  let serviceUrl: string;
  const requests: { url: string; authorization: string | undefined }[] = [];
  const streams = new Map<string, ServerResponse>();
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('event: ready\ndata: {"heartbeatSeconds":25}\n\n');
    streams.set(request.url ?? '', response);
  });
  const events: { name: string; fields?: Record<string, unknown> }[] = [];
  const log: EventLog = { event: (name, fields) => events.push({ name, fields }), error: (message) => events.push({ name: 'error', fields: { message } }) };
  let polls = 0;
  const handedOver: (PushedPolicy | undefined)[] = [];
  let push: AgentPush;

  const streamOf = (clientId: string) => streams.get(`/api/v1/clients/${clientId}/notifications`);
  const policyChanged = (clientId: string, data: unknown) => streamOf(clientId)!.write(`event: policy-changed\ndata: ${JSON.stringify(data)}\n\n`);

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agent-push-'));
    requests.length = 0;
    events.length = 0;
    polls = 0;
    handedOver.length = 0;
    const settings = { dataDir, advertisementUrl: serviceUrl, push: true, pushDelayMs: 0 } as AgentSettings;
    push = new AgentPush(settings, log, (pushed) => {
      polls += 1;
      handedOver.push(pushed);
    });
  });

  afterEach(async () => {
    await push.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('waits for an identity, then connects with its token; polls for a new ETag, not for the stored one', async () => {
    await push.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);

    await writeFile(join(dataDir, 'identity.json'), JSON.stringify({ clientId: ONE, token: 'token-one', hardwareId: 'hw' }));
    await writeFile(join(dataDir, 'policy.json'), JSON.stringify({ etag: '"stored"', body: { advertisements: [] }, fetchedAt: '2026-01-01T00:00:00Z' }));
    await push.refresh();
    await until('connected', () => streamOf(ONE) !== undefined);
    expect(requests).toEqual([{ url: `/api/v1/clients/${ONE}/notifications`, authorization: 'Bearer token-one' }]);

    policyChanged(ONE, { etag: '"stored"' });
    await until('the stored ETag noticed', () => events.some((event) => event.name === 'push-notified'));
    expect(events.find((event) => event.name === 'push-notified')?.fields).toEqual({ etag: '"stored"', poll: false });
    expect(polls).toBe(0);

    policyChanged(ONE, { etag: '"newer"' });
    await until('a poll for the new ETag', () => polls === 1);
    policyChanged(ONE, {});
    await until('a poll to be sure', () => polls === 2);
    expect(handedOver).toEqual([undefined, undefined]);
  });

  it('hands the policy a notification carried to the cycle, and asks for a fetch when the newest change came without one', async () => {
    await writeFile(join(dataDir, 'identity.json'), JSON.stringify({ clientId: ONE, token: 'token-one', hardwareId: 'hw' }));
    await push.refresh();
    await until('connected', () => requests.length === 1);
    const body = { clientId: ONE, advertisements: [] };
    const before = Date.now();
    policyChanged(ONE, { etag: '"pushed"', policy: body });
    await until('the pushed policy handed over', () => polls === 1);
    expect(handedOver[0]).toEqual({ etag: '"pushed"', body, receivedAt: expect.any(Number) });
    expect(handedOver[0]!.receivedAt).toBeGreaterThanOrEqual(before);

    // Within one delay: the newest says only its ETag, so the older document must not be taken.
    const slow = new AgentPush({ dataDir, advertisementUrl: serviceUrl, push: true, pushDelayMs: 300 } as AgentSettings, log, (pushed) => handedOver.push(pushed));
    try {
      await slow.refresh();
      await until('the slow agent connected', () => requests.length === 2);
      policyChanged(ONE, { etag: '"first"', policy: body });
      policyChanged(ONE, { etag: '"second"' });
      await until('one request after the delay', () => handedOver.length === 2, 3_000);
      expect(handedOver[1]).toBeUndefined();
    } finally {
      await slow.stop();
    }
  });

  it('connects as the new client after the agent registered afresh', async () => {
    await writeFile(join(dataDir, 'identity.json'), JSON.stringify({ clientId: ONE, token: 'token-one', hardwareId: 'hw' }));
    await push.refresh();
    await until('connected as one', () => requests.length === 1);
    await push.refresh();
    expect(requests).toHaveLength(1);

    await writeFile(join(dataDir, 'identity.json'), JSON.stringify({ clientId: TWO, token: 'token-two', hardwareId: 'hw' }));
    await push.refresh();
    await until('connected as two', () => requests.length === 2);
    expect(requests[1]).toEqual({ url: `/api/v1/clients/${TWO}/notifications`, authorization: 'Bearer token-two' });
  });
});
