import type { Readable } from 'node:stream';

/**
 * Reads and drops what is left of a request body, up to `limitBytes`, so a client still sending
 * gets the error answer rather than a reset connection. Past the limit it gives up: the answer
 * then goes out with `Connection: close` and the socket is closed.
 */
export function discardBody(body: Readable, limitBytes: number): Promise<void> {
  if (body.readableEnded || body.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const finish = (): void => {
      body.off('data', count);
      body.off('end', finish);
      body.off('close', finish);
      body.off('error', finish);
      resolve();
    };
    const count = (chunk: Buffer): void => {
      read += chunk.length;
      if (read > limitBytes) {
        body.pause();
        finish();
      }
    };
    body.on('data', count);
    body.on('end', finish);
    body.on('close', finish);
    body.on('error', finish);
    body.resume();
  });
}
