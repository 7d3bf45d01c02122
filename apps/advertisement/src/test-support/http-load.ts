import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** How many answers had each status code. */
  statuses: Record<string, number>;
}

/**
 * Sends `count` requests to `baseUrl` over keep-alive connections, at most `concurrency` at a
 * time, and measures each one's latency. `next(index)` builds request number `index`; an answer's
 * body is read to its end but not kept; `onAnswer` sees each answer's status and headers.
 */
export async function runLoad(
  baseUrl: string,
  count: number,
  concurrency: number,
  next: (index: number) => LoadRequest,
  onAnswer?: (index: number, status: number, headers: IncomingHttpHeaders) => void,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(count);
  const statuses: Record<string, number> = {};
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < count) {
      const index = issued;
      issued += 1;
      const started = performance.now();
      const { status, headers } = await send(agent, baseUrl, next(index));
      latencies[index] = performance.now() - started;
      onAnswer?.(index, status, headers);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort();
  return {
    requests: count,
    seconds: round(seconds, 3),
    requestsPerSecond: Math.round(count / seconds),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p99Ms: round(percentile(latencies, 0.99), 2),
    statuses,
  };
}

function send(agent: Agent, baseUrl: string, load: LoadRequest): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${baseUrl}${load.path}`,
      {
        agent,
        method: load.method ?? 'GET',
        headers: { ...load.headers, ...(load.body !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(load.body) }) },
      },
      (incoming) => {
        incoming.on('data', () => undefined);
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(load.body);
  });
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)];
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
