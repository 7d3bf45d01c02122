import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';

/** What the proxy saw of one request a replica answered. */
export interface ProxiedAnswer {
  method: string;
  path: string;
  backend: string;
  status: number;
}

/**
 * The load balancer in front of a service's replicas in the whole-system tests: each request goes
 * to the next replica in turn; a replica that refuses the connection (killed) is skipped, which
 * is safe for any method since the request never reached it. A request whose replica dies while
 * answering it gets 502 from the proxy, as from a real load balancer, and is counted apart
 * (`connectionFailures`) from what the replicas answered (`answers`).
 */
export class RoundRobinProxy {
  readonly answers: ProxiedAnswer[] = [];
  connectionFailures = 0;
  private next = 0;
  private server?: Server;
  private port = 0;

  constructor(private readonly backends: readonly string[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((incoming, outgoing) => void this.forward(incoming, outgoing));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The answers of 500 or more that the replicas themselves gave. */
  serverErrors(): ProxiedAnswer[] {
    return this.answers.filter((answer) => answer.status >= 500);
  }

  private async forward(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const start = this.next++;
    for (let attempt = 0; attempt < this.backends.length; attempt++) {
      const backend = this.backends[(start + attempt) % this.backends.length];
      const outcome = await this.send(backend, incoming, body, outgoing);
      if (outcome !== 'refused') return;
    }
    this.connectionFailures += 1;
    outgoing.writeHead(502).end();
  }

  /** Sends the request to one replica and streams its answer back. */
  private send(backend: string, incoming: IncomingMessage, body: Buffer, outgoing: ServerResponse): Promise<'answered' | 'refused' | 'failed'> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: 'answered' | 'refused' | 'failed'): void => {
        if (settled) return;
        settled = true;
        if (outcome === 'failed') {
          this.connectionFailures += 1;
          if (outgoing.headersSent) outgoing.destroy();
          else outgoing.writeHead(502).end();
        }
        resolve(outcome);
      };
      const target = new URL(backend);
      const upstream = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent: false },
        (answer) => {
          this.answers.push({ method: incoming.method ?? '', path: incoming.url ?? '', backend, status: answer.statusCode ?? 0 });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          answer.on('error', () => undefined);
          // Cut off before its end: the replica died while answering.
          answer.on('close', () => finish(answer.complete ? 'answered' : 'failed'));
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'failed'));
      // The client gave up (an agent stopped): so does the request to the replica.
      outgoing.on('close', () => {
        if (!settled) {
          settled = true;
          upstream.destroy();
          resolve('failed');
        }
      });
      upstream.end(body);
    });
  }
}
