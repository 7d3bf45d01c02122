import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { NotificationChannel, NotificationChannelOptions } from './notification-channel';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP server whose n-th request is answered by the n-th handler (the last one repeats). */
class ScriptedServer {
  readonly requests: { url: string; authorization: string | undefined }[] = [];
  readonly open = new Set<ServerResponse>();
  private readonly server: Server;

  constructor(private readonly handlers: Handler[]) {
    this.server = createServer((request, response) => {
      this.requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
      this.open.add(response);
      response.on('close', () => this.open.delete(response));
      this.handlers[Math.min(this.requests.length, this.handlers.length) - 1](request, response);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function stream(...texts: string[]): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    for (const text of texts) {
      response.write(text);
    }
  };
}

function status(code: number): Handler {
  return (_request, response) => {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end('{}');
  };
}

const READY = 'retry: 10\n\nevent: ready\ndata: {"heartbeatSeconds":25}\n\n';
const CLIENT = '0b3c6f4e-3a43-4c1e-9d55-6f0c5f1a2b3c';

async function until(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('notification channel (against a local HTTP server)', () => {
  let server: ScriptedServer;
  let channel: NotificationChannel | undefined;
  const told: string[] = [];
  const states: boolean[] = [];

  async function start(handlers: Handler[], options: Partial<NotificationChannelOptions> = {}): Promise<NotificationChannel> {
    server = new ScriptedServer(handlers);
    const serviceUrl = await server.listen();
    channel = new NotificationChannel({
      serviceUrl: `${serviceUrl}/`,
      clientId: CLIENT,
      authorization: async () => 'Bearer token-1',
      onPolicyChanged: (etag) => told.push(etag),
      onStateChange: (connected) => states.push(connected),
      reconnect: { minMs: 10, maxMs: 20 },
      ...options,
    });
    channel.start();
    return channel;
  }

  beforeEach(() => {
    told.length = 0;
    states.length = 0;
  });

  afterEach(async () => {
    await channel?.stop();
    channel = undefined;
    await server.close();
  });

  it('connects with the authorization and reports each policy change with its ETag', async () => {
    const connected = await start([stream(READY, ': keep-alive\n\n', 'event: policy-changed\ndata: {"etag":"\\"e1\\""}\n\n', 'event: policy-changed\r\ndata: {}\r\n\r\n')]);
    await until('two notifications', () => told.length === 2);
    expect(told).toEqual(['"e1"', '']);
    expect(connected.connected).toBe(true);
    expect(states).toEqual([true]);
    expect(server.requests).toEqual([{ url: `/api/v1/clients/${CLIENT}/notifications`, authorization: 'Bearer token-1' }]);
  });

  it('hands over the policy an event carries, and only a well-formed one', async () => {
    const policies: unknown[] = [];
    const body = { clientId: CLIENT, advertisements: [] };
    await start(
      [
        stream(
          READY,
          `event: policy-changed\ndata: ${JSON.stringify({ etag: '"e1"', policy: body })}\n\n`,
          // Not a policy: the ETag alone, so the agent fetches.
          `event: policy-changed\ndata: ${JSON.stringify({ etag: '"e2"', policy: { advertisements: 'none' } })}\n\n`,
          // A policy without an ETag names no version: fetch to be sure.
          `event: policy-changed\ndata: ${JSON.stringify({ policy: body })}\n\n`,
        ),
      ],
      { onPolicyChanged: (etag, policy) => policies.push([etag, policy]) },
    );
    await until('three notifications', () => policies.length === 3);
    expect(policies).toEqual([
      ['"e1"', body],
      ['"e2"', undefined],
      ['', undefined],
    ]);
  });

  it('reconnects when the connection drops, and then says to fetch to be sure', async () => {
    const dropAfterReady: Handler = (request, response) => {
      stream(READY)(request, response);
      setTimeout(() => response.socket?.destroy(), 20);
    };
    await start([dropAfterReady, stream(READY, 'event: policy-changed\ndata: {"etag":"\\"e2\\""}\n\n')]);
    await until('the change after the reconnect', () => told.includes('"e2"'));
    expect(server.requests).toHaveLength(2);
    expect(told).toEqual(['', '"e2"']);
    expect(states).toEqual([true, false, true]);
  });

  it('gives up on a service without push (404) and does not ask again soon', async () => {
    const connected = await start([status(404), stream(READY)]);
    await until('the first request', () => server.requests.length === 1);
    // With 10..20 ms between attempts, a channel that kept trying would have asked many times by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests).toHaveLength(1);
    expect(connected.connected).toBe(false);
    expect(states).toEqual([]);
  });

  it('keeps trying after other refusals (500, 403)', async () => {
    await start([status(500), status(403), stream(READY)]);
    await until('connected on the third attempt', () => channel!.connected);
    expect(server.requests).toHaveLength(3);
  });

  it('after a 401 asks for a fresh authorization and connects with it', async () => {
    const tokens = ['Bearer expired', 'Bearer renewed'];
    let calls = 0;
    const onlyRenewed: Handler = (request, response) =>
      request.headers.authorization === 'Bearer renewed' ? stream(READY)(request, response) : status(401)(request, response);
    await start([onlyRenewed], { authorization: async () => tokens[Math.min(calls++, tokens.length - 1)] });
    await until('connected with the renewed token', () => channel!.connected);
    expect(server.requests.map((request) => request.authorization)).toEqual(['Bearer expired', 'Bearer renewed']);
    // The first connection reports no change: the agent has just polled.
    expect(told).toEqual([]);
  });

  it('takes a stream that stays silent past three heartbeats for dead, and reconnects', async () => {
    const silent = stream('event: ready\ndata: {"heartbeatSeconds":0.05}\n\n');
    await start([silent, stream(READY)]);
    await until('the second connection', () => server.requests.length === 2 && channel!.connected, 3_000);
    expect(states).toEqual([true, false, true]);
    expect(told).toEqual(['']);
  });

  it('closes the stream on stop() and does not reconnect', async () => {
    const connected = await start([stream(READY)]);
    await until('connected', () => connected.connected);
    await connected.stop();
    await until('the server saw the stream end', () => server.open.size === 0);
    expect(connected.connected).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
  });
});
