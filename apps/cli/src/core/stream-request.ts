import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** How long an answer may still arrive after the server stopped reading the body (it refused it early). */
const LATE_ANSWER_MS = 2000;

export interface StreamedAnswer {
  status: number;
  text: string;
  /** The answer's Sdp-Consistency header, when it has one. */
  consistency?: string;
}

/**
 * Sends a streamed body with node:http. Not fetch: Node 20's fetch tees a stream body for a
 * redirect it can never follow, and the unread branch keeps the whole upload in memory
 * (nodejs/undici#4058).
 */
export function streamRequest(url: URL, method: string, headers: Record<string, string>, body: Readable): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method, headers: { ...headers, 'transfer-encoding': 'chunked' } });
    let answered = false;
    let connected = false;
    request.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (connected = true));
      else connected = true;
    });
    request.on('response', (response: IncomingMessage) => {
      answered = true;
      // The server has decided; what is left of the body is not wanted.
      body.unpipe(request);
      body.destroy();
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const consistency = response.headers['sdp-consistency'];
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), consistency: Array.isArray(consistency) ? consistency.join(',') : consistency }),
      );
      response.on('error', reject);
    });
    pipeline(body, request).catch((error: unknown) => {
      if (answered) return;
      if (!connected) return reject(error);
      const timer = setTimeout(() => reject(error), LATE_ANSWER_MS);
      request.once('response', () => clearTimeout(timer));
    });
  });
}
