/**
 * Clients polling their policy with `If-None-Match` (mostly 304s) on the real advertisement
 * service (in-process, real PostgreSQL and Kafka), its tables seeded in bulk SQL with N clients,
 * C collections and A advertisements. P of the clients, spread over the whole table, first fetch
 * their policy once (the cold computation, reported apart); then they poll in a scattered order
 * with the ETag they hold, taking the new one when the policy changed (events of other test
 * runs on the shared topics can change it). Baseline in the same run: as many `GET /health/live`
 * requests at the same concurrency, before and after the polls (the faster of the two).
 * Usage: npm run bench -- policy [--clients 100000] [--polling 10000] [--collections 1000] [--advertisements 500] [--polls 50000] [--concurrency 8]
 */
import { AdvertisementTestKit, benchClientId, LoadResult, runLoad, seedPolicyTables } from '@sdp/advertisement/test-support';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 100_000);
const collectionCount = argument('collections', 1000);
const advertisementCount = argument('advertisements', 500);
const pollingCount = Math.min(clientCount, argument('polling', 10_000));
const pollCount = argument('polls', 50_000);
const concurrency = argument('concurrency', 8);
const MEMBERSHIPS_PER_CLIENT = 3;

/** The client of polling slot `slot`: slots are spread evenly over the whole client table. */
function pollingClient(slot: number): number {
  return Math.floor((slot * clientCount) / pollingCount);
}

/** The slot polling as request `index`: a scattered but deterministic order. */
function pollSlot(index: number): number {
  return (index * 2_654_435_761) % pollingCount;
}

/** Every polling client fetches its policy once (computed and cached now); returns their ETags. */
async function fetchEtags(url: string, tokens: (index: number) => string): Promise<{ etags: string[]; load: LoadResult }> {
  const etags: string[] = new Array<string>(pollingCount);
  const load = await runLoad(
    url,
    pollingCount,
    concurrency,
    (slot) => ({ path: `/api/v1/clients/${benchClientId(pollingClient(slot))}/policy`, headers: { authorization: tokens(pollingClient(slot)) } }),
    (slot, status, headers) => {
      if (status !== 200) throw new Error(`policy of client ${pollingClient(slot)}: ${status}`);
      etags[slot] = String(headers.etag);
    },
  );
  return { etags, load };
}

async function main(): Promise<void> {
  const kit = await AdvertisementTestKit.start();
  try {
    const seedStart = performance.now();
    await seedPolicyTables(kit.service.databaseUrl, {
      clients: clientCount,
      collections: collectionCount,
      advertisements: advertisementCount,
      membershipsPerClient: MEMBERSHIPS_PER_CLIENT,
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const tokenCache = new Map<number, string>();
    const tokens = (index: number): string => {
      let token = tokenCache.get(index);
      if (!token) {
        token = `Bearer ${kit.clientToken(benchClientId(index))}`;
        tokenCache.set(index, token);
      }
      return token;
    };
    const { etags, load: cold } = await fetchEtags(kit.service.url, tokens);
    const [{ offered }] = await kit.query<{ offered: number }>(`SELECT count(*)::int AS offered FROM client_policy WHERE jsonb_array_length(body->'advertisements') > 0`);

    const health = () => runLoad(kit.service.url, pollCount, concurrency, () => ({ path: '/health/live' }));
    const baselineBefore = await health();
    const polls = await runLoad(
      kit.service.url,
      pollCount,
      concurrency,
      (index) => {
        const slot = pollSlot(index);
        const client = pollingClient(slot);
        return { path: `/api/v1/clients/${benchClientId(client)}/policy`, headers: { authorization: tokens(client), 'if-none-match': etags[slot] } };
      },
      (index, status, headers) => {
        if (status === 200) etags[pollSlot(index)] = String(headers.etag);
      },
    );
    const baselineAfter = await health();
    const baseline = baselineBefore.requestsPerSecond >= baselineAfter.requestsPerSecond ? baselineBefore : baselineAfter;
    if ((polls.statuses['304'] ?? 0) + (polls.statuses['200'] ?? 0) !== pollCount) throw new Error(`poll answers: ${JSON.stringify(polls.statuses)}`);

    const ratio = Number((polls.requestsPerSecond / baseline.requestsPerSecond).toFixed(3));
    const summary = {
      bench: 'policy',
      clients: clientCount,
      pollingClients: pollingCount,
      collections: collectionCount,
      advertisements: advertisementCount,
      membershipsPerClient: MEMBERSHIPS_PER_CLIENT,
      clientsWithAdvertisements: offered,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      concurrency,
      coldPolicies: { requests: cold.requests, seconds: cold.seconds, perSecond: cold.requestsPerSecond, p99Ms: cold.p99Ms },
      polls: { requests: polls.requests, notModified: polls.statuses['304'] ?? 0, changed: polls.statuses['200'] ?? 0, perSecond: polls.requestsPerSecond, p50Ms: polls.p50Ms, p99Ms: polls.p99Ms },
      baseline: { endpoint: 'GET /health/live', perSecond: baseline.requestsPerSecond, p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
      baselineRuns: [baselineBefore.requestsPerSecond, baselineAfter.requestsPerSecond],
      ratioToBaseline: ratio,
      bar: 'ETag polls ≥ 0.5× /health/live throughput and p99 < 50 ms',
      meetsBar: ratio >= 0.5 && polls.p99Ms < 50,
    };
    writeResult(
      'policy',
      summary,
      `policy: ${clientCount} clients (${pollingCount} polling), ${collectionCount} collections, ${advertisementCount} advertisements; ` +
        `${pollCount} ETag polls (${summary.polls.notModified} × 304) ` +
        `${polls.requestsPerSecond} req/s p99 ${polls.p99Ms} ms = ${ratio}× /health/live (${baseline.requestsPerSecond} req/s, p99 ${baseline.p99Ms} ms); ` +
        `cold policies ${cold.requestsPerSecond}/s p99 ${cold.p99Ms} ms`,
    );
  } finally {
    await kit.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
