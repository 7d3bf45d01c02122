import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { streamRequest } from './stream-request';

describe('streamRequest', () => {
  let server: Server | undefined;
  let url: URL;

  async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<void> {
    const created = createServer(handler);
    server = created;
    await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(created.address() as { port: number }).port}/upload`);
  }

  afterEach(async () => {
    const running = server;
    server = undefined;
    if (!running?.listening) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  function chunks(count: number, size: number): Readable {
    return Readable.from(
      (function* () {
        for (let index = 0; index < count; index++) yield Buffer.alloc(size, index);
      })(),
    );
  }

  it('streams the body chunked with the headers given and returns the answer', async () => {
    await serve((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => response.writeHead(201).end(JSON.stringify({ bytes, type: request.headers['content-type'], encoding: request.headers['transfer-encoding'] })));
    });
    const answer = await streamRequest(url, 'PUT', { 'content-type': 'application/x-tar' }, chunks(64, 64 * 1024));
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.text)).toEqual({ bytes: 64 * 64 * 1024, type: 'application/x-tar', encoding: 'chunked' });
  });

  it('returns an answer the server gives before it read the body, and stops sending', async () => {
    let produced = 0;
    const body = Readable.from(
      (function* () {
        for (let index = 0; index < 100_000; index++) {
          produced += 1;
          yield Buffer.alloc(64 * 1024);
        }
      })(),
    );
    await serve((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such package"}'));
    const answer = await streamRequest(url, 'PUT', {}, body);
    expect(answer).toEqual({ status: 404, text: '{"message":"no such package"}' });
    expect(produced).toBeLessThan(100_000);
  });

  it('rejects with the connection error when nothing listens', async () => {
    await serve(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    const started = Date.now();
    await expect(streamRequest(url, 'PUT', {}, chunks(1, 10))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // Nothing to wait for: no server ever saw the request.
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
