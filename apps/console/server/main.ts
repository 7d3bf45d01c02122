import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { loadConsoleConfig } from './config';
import { createConsoleServer } from './console-server';

function start(): void {
  let config;
  try {
    config = loadConsoleConfig(process.env, join(__dirname, 'public'));
  } catch (error) {
    process.stderr.write(`console: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const server = createConsoleServer(config);
  server.on('error', (error) => {
    process.stderr.write(`console: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'console listening', url: `http://127.0.0.1:${port}` })}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

start();
