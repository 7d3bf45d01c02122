/**
 * Client status ingestion through `POST /api/v1/clients/:id/status` of the real advertisement
 * service (in-process, real PostgreSQL and Kafka): several clients send batches of reports with
 * increasing seq, which are stored as history, projected into per-(advertisement, client) state
 * and published through the outbox. Baseline in the same run: as many requests to the same
 * service's `GET /health/live`. The summaries are checked against the expected final states, and
 * the outbox against one event per report.
 * Usage: npm run bench -- status-ingest [--reports 100000] [--clients 200] [--batch 100] [--advertisements 10] [--concurrency 16]
 */
import type { ClientStatusState, ProgramOutput } from '@sdp/contracts';
import { AdvertisementTestKit, benchClientId, LoadRequest, runLoad, seedAdvertisements, SUMMARY_BUCKETS } from '@sdp/advertisement/test-support';
import { StatusSummary, TOPICS } from '@sdp/contracts';
import { argument, writeResult } from './bench-support';

const reportCount = argument('reports', 100_000);
const clientCount = argument('clients', 200);
const batchSize = argument('batch', 100);
const advertisementCount = argument('advertisements', 10);
const concurrency = argument('concurrency', 16);
/** Issue 21: a deployment to 100,000 computers brings about 300,000 reports. */
const BAR_REPORTS_PER_SECOND = 10_000;
/** One delivery of an advertisement, as a client reports it. */
const LIFECYCLE: ClientStatusState[] = ['ACCEPTED', 'WAITING', 'DOWNLOAD_IN_PROGRESS', 'DOWNLOAD_COMPLETE', 'RUNNING', 'SUCCEEDED'];

interface Report {
  advertisementId: string;
  state: ClientStatusState;
  seq: number;
  at: string;
  exitCode?: number;
  packageVersion: number;
  output?: ProgramOutput;
}

/** What a quiet installer writes: about 1 KiB of stdout. */
const RUN_OUTPUT: ProgramOutput = { stdout: 'unpacking demo-tool 1.2 ... done\n'.repeat(32), stderr: '', truncated: false };

/** Report number `seq` of a client: advertisements in turn, each through its lifecycle. */
function reportOf(advertisementIds: string[], clientIndex: number, seq: number): Report {
  const advertisementId = advertisementIds[Math.floor(seq / LIFECYCLE.length + clientIndex) % advertisementIds.length];
  const state = LIFECYCLE[seq % LIFECYCLE.length];
  const at = new Date(Date.UTC(2026, 5, 1) + seq * 1000).toISOString();
  // As agents send them: every report names the package version, a run's end carries the program's output.
  return { advertisementId, state, seq, at, packageVersion: 1, ...(state === 'SUCCEEDED' && { exitCode: 0, output: RUN_OUTPUT }) };
}

/** Every client's batches in seq order; batch k of all clients before batch k+1 of any. */
function plan(advertisementIds: string[], perClient: number[]): { clientIndex: number; reports: Report[] }[] {
  const batches: { clientIndex: number; reports: Report[] }[] = [];
  const rounds = Math.ceil(Math.max(...perClient) / batchSize);
  for (let round = 0; round < rounds; round += 1) {
    perClient.forEach((count, clientIndex) => {
      const from = round * batchSize;
      const to = Math.min(count, from + batchSize);
      if (from < to) {
        batches.push({ clientIndex, reports: Array.from({ length: to - from }, (_, offset) => reportOf(advertisementIds, clientIndex, from + offset)) });
      }
    });
  }
  return batches;
}

/** Summary counts each advertisement must end with, from the last delivery report of every pair. */
function expectedSucceeded(advertisementIds: string[], perClient: number[]): Map<string, number> {
  const succeeded = new Map(advertisementIds.map((id) => [id, 0]));
  perClient.forEach((count, clientIndex) => {
    const last = new Map<string, ClientStatusState>();
    for (let seq = 0; seq < count; seq += 1) {
      const report = reportOf(advertisementIds, clientIndex, seq);
      if (report.state !== 'ACCEPTED') last.set(report.advertisementId, report.state);
    }
    for (const [id, state] of last) {
      if (SUMMARY_BUCKETS.succeeded.includes(state)) succeeded.set(id, (succeeded.get(id) ?? 0) + 1);
    }
  });
  return succeeded;
}

/** Status events written to the outbox so far (published or not: the relay keeps rows for an hour). */
async function statusEventCount(kit: AdvertisementTestKit): Promise<number> {
  const [{ count }] = await kit.query<{ count: number }>(`SELECT count(*)::int AS count FROM outbox_event WHERE topic = $1`, [TOPICS.advertisementClientStatus]);
  return count;
}

async function main(): Promise<void> {
  const kit = await AdvertisementTestKit.start();
  try {
    const advertisementIds = await seedAdvertisements(kit.service.databaseUrl, advertisementCount, () => 'SMS00001');
    const perClient = Array.from({ length: clientCount }, (_, index) => Math.floor(reportCount / clientCount) + (index < reportCount % clientCount ? 1 : 0));
    const batches = plan(advertisementIds, perClient);
    const bodies = batches.map((batch) => JSON.stringify(batch.reports));
    const tokens = Array.from({ length: clientCount }, (_, index) => `Bearer ${kit.clientToken(benchClientId(index))}`);
    const ingestRequest = (index: number): LoadRequest => ({
      method: 'POST',
      path: `/api/v1/clients/${benchClientId(batches[index].clientIndex)}/status`,
      headers: { authorization: tokens[batches[index].clientIndex] },
      body: bodies[index],
    });
    // Warm the code paths (JIT, connection pool) on a copy of the first batches: replays change nothing.
    await runLoad(kit.service.url, Math.min(concurrency, batches.length), concurrency, ingestRequest);
    await kit.query(`TRUNCATE client_status_report, client_advertisement_status`);
    const baseline = await runLoad(kit.service.url, batches.length, concurrency, () => ({ path: '/health/live' }));
    const eventsBefore = await statusEventCount(kit);
    const ingest = await runLoad(kit.service.url, batches.length, concurrency, ingestRequest);
    if (ingest.statuses['200'] !== batches.length) throw new Error(`ingest answers: ${JSON.stringify(ingest.statuses)}`);

    const [{ stored }] = await kit.query<{ stored: number }>(`SELECT count(*)::int AS stored FROM client_status_report`);
    if (stored !== reportCount) throw new Error(`${stored} reports stored, ${reportCount} sent`);
    const events = (await statusEventCount(kit)) - eventsBefore;
    if (events !== reportCount) throw new Error(`${events} status events in the outbox, ${reportCount} reports stored`);
    const expected = expectedSucceeded(advertisementIds, perClient);
    for (const id of advertisementIds) {
      const answer = await kit.http<{ summary: StatusSummary }>('GET', `/advertisements/${id}/status?limit=1`);
      if (answer.body.summary.succeeded !== expected.get(id)) {
        throw new Error(`${id}: ${answer.body.summary.succeeded} succeeded in the summary, ${expected.get(id)} expected`);
      }
    }

    const reportsPerSecond = Math.round(reportCount / ingest.seconds);
    const summary = {
      bench: 'status-ingest',
      reports: reportCount,
      clients: clientCount,
      batchSize,
      requests: batches.length,
      advertisements: advertisementCount,
      concurrency,
      seconds: ingest.seconds,
      reportsPerSecond,
      requestP50Ms: ingest.p50Ms,
      requestP99Ms: ingest.p99Ms,
      baselineRequestsPerSecond: baseline.requestsPerSecond,
      baselineP99Ms: baseline.p99Ms,
      requestRatioToBaseline: Number((ingest.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
      barReportsPerSecond: BAR_REPORTS_PER_SECOND,
      meetsBar: reportsPerSecond >= BAR_REPORTS_PER_SECOND,
      baseline: 'the same number of GET /health/live requests to the same service in the same run',
    };
    writeResult(
      'status-ingest',
      summary,
      `status-ingest: ${reportCount} reports from ${clientCount} clients in batches of ${batchSize} in ${ingest.seconds} s = ` +
        `${reportsPerSecond.toLocaleString('en')} reports/s (bar ${BAR_REPORTS_PER_SECOND.toLocaleString('en')}/s); ` +
        `${ingest.requestsPerSecond} req/s = ${summary.requestRatioToBaseline}× /health/live (${baseline.requestsPerSecond} req/s), p99 ${ingest.p99Ms} ms`,
    );
  } finally {
    await kit.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
