import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay in front of a real endpoint (an S3 server, a Kafka broker): a client that knows the
 * endpoint only through it sees `down()` as the endpoint going away (open connections cut, new
 * ones refused) and `up()` again as it coming back, on the same port.
 */
export class TcpOutageProxy {
  /** Where clients connect, on 127.0.0.1; chosen by the first `up()` and kept after. */
  port = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
