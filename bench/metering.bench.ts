/**
 * Software metering at fleet size on the real metering service (in-process, real PostgreSQL and
 * Kafka): N simulated clients (each with the client token the kit mints for it, as targeting
 * issues one to an agent) send their usage records through `POST /api/v1/clients/:id/usage`, one
 * batch each (R records in all, spread over last UTC month and over the rules); then the month's
 * report of each rule in turn (`GET /api/v1/metering/rules/{id}/report?month=`) and the installed
 * but unused computers of a rule (`GET .../installed-unused`), whose inventories are seeded in bulk
 * SQL (half the clients have the product installed, a quarter never ran it). The report carries
 * the first page (100) of its computers and users; pages of computers at offsets all over the
 * list (`GET .../report/computers?month=&offset=&limit=100`) are timed too. The answers are
 * checked: every record stored, the report's launches and computers as sent, the pages of one
 * rule put together its computers as sent, the unused computers those that never ran it. The
 * month is closed, so the first report of each rule summarizes it and stores the summary, and
 * the timed reports and pages read it (both are reported).
 * Baselines in the same run: as many `GET /health/live` requests at the same concurrency as the
 * ingest (before and after it, the faster), and for the report and installed-unused answer times
 * `GET /api/v1/metering/rules/{id}` (the rule alone: same authentication, one row read).
 * Goals (issue 18): ≥ 20,000 records/s; a month's report of one rule p99 < 200 ms (and a page of it).
 * Usage: npm run bench -- metering [--records 1000000] [--clients 10000] [--rules 10] [--batch 100] [--concurrency 16] [--repetitions 30]
 */
import { benchClientId, LoadResult, runLoad } from '@sdp/advertisement/test-support';
import { InstalledUnusedReport, METERING_REPORT_MAX_PAGE, METERING_REPORT_PAGE_SIZE, MeteringReport, MeteringReportComputer, MeteringReportPage, MeteringRuleData } from '@sdp/contracts';
import { MeteringTestKit } from '@sdp/metering/test-support';
import { argument, writeResult } from './bench-support';

const recordCount = argument('records', 1_000_000);
const clientCount = argument('clients', 10_000);
const ruleCount = argument('rules', 10, 2);
/** Largest batch one client sends (the agent sends up to 500; the service takes up to 1,000). */
const batchSize = argument('batch', 100);
const concurrency = argument('concurrency', 16);
const repetitions = argument('repetitions', 30);
const GOAL_RECORDS_PER_SECOND = 20_000;
const GOAL_REPORT_P99_MS = 200;
const HOUR_MS = 3_600_000;
const OTHER_SOFTWARE_PER_CLIENT = 30;

/** Last UTC month: every record lies in the past, and the report reads a whole month. */
const now = new Date();
const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
const month = new Date(monthStart).toISOString().slice(0, 7);

interface SentRecord {
  id: string;
  ruleId: string;
  user: string;
  startedAt: string;
  endedAt: string | null;
}

/** Records each client sends: R / N, the remainder to the first clients. */
function recordsOf(client: number): number {
  return Math.floor(recordCount / clientCount) + (client < recordCount % clientCount ? 1 : 0);
}

/**
 * Which rule record `index` of a client is of: the rules in turn, except that every fourth client
 * never runs rule 0 (they are its installed but unused computers).
 */
function ruleIndexOf(client: number, index: number): number {
  const rule = (client + index) % ruleCount;
  return rule === 0 && client % 4 === 0 ? 1 : rule;
}

/** Record `index` of a client: a run of 5 min to 2 h somewhere in the month, by one of 5 users; one in 1,000 still open. */
function recordOf(ruleIds: readonly string[], client: number, index: number): SentRecord {
  const start = monthStart + ((client * 7919 + index * 104_729) % (monthEnd - monthStart - 3 * HOUR_MS));
  const minutes = 5 + ((client + index * 31) % 115);
  return {
    id: `${client.toString(16).padStart(8, '0')}-${index.toString(16).padStart(4, '0')}-7000-8000-${(client * 65_536 + index).toString(16).padStart(12, '0')}`,
    ruleId: ruleIds[ruleIndexOf(client, index)],
    user: `user-${(client * 3 + (index % 5)) % 20_000}`,
    startedAt: new Date(start).toISOString(),
    endedAt: (client + index) % 1000 === 999 ? null : new Date(start + minutes * 60_000).toISOString(),
  };
}

/** Each client's records in batches of at most `batchSize`: batch k of every client before batch k+1 of any. */
function plan(): { client: number; from: number; to: number }[] {
  const batches: { client: number; from: number; to: number }[] = [];
  const rounds = Math.ceil(recordsOf(0) / batchSize);
  for (let round = 0; round < rounds; round += 1) {
    for (let client = 0; client < clientCount; client += 1) {
      const from = round * batchSize;
      const to = Math.min(recordsOf(client), from + batchSize);
      if (from < to) batches.push({ client, from, to });
    }
  }
  return batches;
}

/** Every client as targeting announced it, with 30 packages installed, and rule 0's product on every other one, in bulk SQL. */
async function seedClients(kit: MeteringTestKit, product: string): Promise<void> {
  const ids = Array.from({ length: clientCount }, (_, client) => benchClientId(client));
  await kit.query(
    `INSERT INTO known_client (id, name, os, site_code, blocked)
     SELECT id, 'bench-' || lpad(ordinality::text, 6, '0'), '{"name":"windows","version":"10.0.19045","arch":"x64"}', 'S01', false
       FROM unnest($1::uuid[]) WITH ORDINALITY AS c (id, ordinality)`,
    [ids],
  );
  await kit.query(
    `INSERT INTO installed_software (client_id, name, version, publisher, source)
     SELECT c.id, 'Package ' || ((c.ordinality * 7 + s) % 500), '1.' || s, 'Publisher', 'windows-registry'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS c (id, ordinality), generate_series(1, $2) AS s`,
    [ids, OTHER_SOFTWARE_PER_CLIENT],
  );
  await kit.query(
    `INSERT INTO installed_software (client_id, name, version, publisher, source)
     SELECT id, $2 || ' Professional', '16.0.1', 'Publisher', 'windows-registry' FROM unnest($1::uuid[]) AS c (id)`,
    [ids.filter((_, client) => client % 2 === 0), product],
  );
  await kit.query(`ANALYZE known_client`);
  await kit.query(`ANALYZE installed_software`);
}

/** `count` sequential GETs of `path(index)` (one at a time: answer times, not throughput). */
async function timeGets(kit: MeteringTestKit, count: number, path: (index: number) => string): Promise<LoadResult> {
  return runLoad(kit.service.url, count, 1, (index) => ({ path: path(index), headers: { authorization: 'Bearer dev-admin-token' } }));
}

async function main(): Promise<void> {
  if (clientCount > recordCount) throw new Error('--clients must be at most --records (every client sends at least one record)');
  const kit = await MeteringTestKit.start();
  try {
    const product = 'Bench Product';
    const rules: MeteringRuleData[] = [];
    for (let index = 0; index < ruleCount; index += 1) {
      const body = { productName: index === 0 ? product : `Bench Product ${index}`, fileName: `bench${index}.exe`, installedSoftwareName: index === 0 ? `${product}*` : null, licencesOwned: 100 };
      const answer = await kit.http<MeteringRuleData>('POST', '/metering/rules', { body });
      if (answer.status !== 201) throw new Error(`rule ${index}: ${answer.status} ${JSON.stringify(answer.body)}`);
      rules.push(answer.body);
    }
    const ruleIds = rules.map((rule) => rule.id);
    await seedClients(kit, product);

    const batches = plan();
    const tokens = Array.from({ length: clientCount }, (_, client) => `Bearer ${kit.clientToken(benchClientId(client))}`);
    const ingestRequest = (index: number) => {
      const { client, from, to } = batches[index];
      const records = Array.from({ length: to - from }, (_, offset) => recordOf(ruleIds, client, from + offset));
      return { method: 'POST' as const, path: `/api/v1/clients/${benchClientId(client)}/usage`, headers: { authorization: tokens[client] }, body: JSON.stringify({ records }) };
    };
    // Warm-up (JIT, connection pool) on the first batches, then forgotten.
    await runLoad(kit.service.url, Math.min(concurrency * 4, batches.length), concurrency, ingestRequest);
    await kit.query(`TRUNCATE usage_record`);
    const healthBefore = await runLoad(kit.service.url, batches.length, concurrency, () => ({ path: '/health/live' }));
    const ingest = await runLoad(kit.service.url, batches.length, concurrency, ingestRequest);
    if (ingest.statuses['200'] !== batches.length) throw new Error(`ingest answers: ${JSON.stringify(ingest.statuses)}`);
    const healthAfter = await runLoad(kit.service.url, batches.length, concurrency, () => ({ path: '/health/live' }));
    const baseline = healthBefore.requestsPerSecond >= healthAfter.requestsPerSecond ? healthBefore : healthAfter;
    const [{ stored }] = await kit.query<{ stored: number }>(`SELECT count(*)::int AS stored FROM usage_record`);
    if (stored !== recordCount) throw new Error(`${stored} records stored, ${recordCount} sent`);
    await kit.query(`ANALYZE usage_record`);

    // The report of each rule in turn: launches and computers as sent.
    const expected = ruleIds.map(() => ({ launches: 0, computers: new Set<number>() }));
    for (let client = 0; client < clientCount; client += 1) {
      for (let index = 0; index < recordsOf(client); index += 1) {
        const rule = expected[ruleIndexOf(client, index)];
        rule.launches += 1;
        rule.computers.add(client);
      }
    }
    // The first report of each rule after ingest summarizes the closed month; later ones read it as stored.
    const firstReportMs: number[] = [];
    for (const [index, ruleId] of ruleIds.entries()) {
      const startedAt = performance.now();
      const report = await kit.http<MeteringReport>('GET', `/metering/rules/${ruleId}/report?month=${month}`);
      firstReportMs.push(Math.round(performance.now() - startedAt));
      const want = { launches: expected[index].launches, computers: expected[index].computers.size, computersTotal: expected[index].computers.size, firstPage: Math.min(METERING_REPORT_PAGE_SIZE, expected[index].computers.size) };
      const got = { launches: report.body.summary.launches, computers: report.body.summary.computers, computersTotal: report.body.computersTotal, firstPage: report.body.computers.length };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new Error(`report of ${ruleId}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    // The pages of rule 1 (run by every client), read to the end, are its computers, each once, most usage first.
    const paged: MeteringReportComputer[] = [];
    for (let offset = 0; ; offset += METERING_REPORT_MAX_PAGE) {
      const page = await kit.http<MeteringReportPage<MeteringReportComputer>>('GET', `/metering/rules/${ruleIds[1]}/report/computers?month=${month}&offset=${offset}&limit=${METERING_REPORT_MAX_PAGE}`);
      paged.push(...page.body.items);
      if (page.body.items.length < METERING_REPORT_MAX_PAGE) break;
    }
    const wantIds = new Set([...expected[1].computers].map((client) => benchClientId(client)));
    if (paged.length !== wantIds.size || new Set(paged.map((row) => row.clientId)).size !== wantIds.size || paged.some((row) => !wantIds.has(row.clientId) || row.name === null)) {
      throw new Error(`pages of ${ruleIds[1]}: ${paged.length} computers, expected ${wantIds.size}, each once and named`);
    }
    if (paged.some((row, index) => index > 0 && row.usageSeconds > paged[index - 1].usageSeconds)) throw new Error(`pages of ${ruleIds[1]} are not most usage first`);
    const ruleBaseline = await timeGets(kit, repetitions, (index) => `/api/v1/metering/rules/${ruleIds[index % ruleCount]}`);
    const reports = await timeGets(kit, repetitions, (index) => `/api/v1/metering/rules/${ruleIds[index % ruleCount]}/report?month=${month}`);
    if (reports.statuses['200'] !== repetitions) throw new Error(`report answers: ${JSON.stringify(reports.statuses)}`);
    // A page of 100 computers at an offset spread over each rule's list (as "Load more" and `sdp metering report --all` read them).
    const pageOffset = (index: number) => Math.floor(((index * 7919) % 1000) / 1000 * Math.max(0, expected[index % ruleCount].computers.size - METERING_REPORT_PAGE_SIZE));
    const pages = await timeGets(kit, repetitions, (index) => `/api/v1/metering/rules/${ruleIds[index % ruleCount]}/report/computers?month=${month}&offset=${pageOffset(index)}&limit=${METERING_REPORT_PAGE_SIZE}`);
    if (pages.statuses['200'] !== repetitions) throw new Error(`page answers: ${JSON.stringify(pages.statuses)}`);

    // Installed but unused: every other client has rule 0's product, every fourth never ran it.
    const unused = await kit.http<InstalledUnusedReport>('GET', `/metering/rules/${ruleIds[0]}/installed-unused?days=3650`);
    const wantUnused = Array.from({ length: clientCount }, (_, client) => client).filter((client) => client % 4 === 0).length;
    if (unused.body.computers.length !== wantUnused) throw new Error(`${unused.body.computers.length} installed but unused computers, ${wantUnused} expected`);
    const unusedTimes = await timeGets(kit, repetitions, () => `/api/v1/metering/rules/${ruleIds[0]}/installed-unused?days=3650`);

    const recordsPerSecond = Math.round(recordCount / ingest.seconds);
    const summary = {
      bench: 'metering',
      records: recordCount,
      clients: clientCount,
      rules: ruleCount,
      batchSize,
      requests: batches.length,
      concurrency,
      month,
      ingestSeconds: ingest.seconds,
      recordsPerSecond,
      ingestRequestsPerSecond: ingest.requestsPerSecond,
      ingestP50Ms: ingest.p50Ms,
      ingestP99Ms: ingest.p99Ms,
      baselineRequestsPerSecond: baseline.requestsPerSecond,
      ingestRatioToBaseline: Number((ingest.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
      reportRunsPerRule: Math.round(recordCount / ruleCount),
      firstReportMedianMs: [...firstReportMs].sort((left, right) => left - right)[Math.floor(firstReportMs.length / 2)],
      firstReportMaxMs: Math.max(...firstReportMs),
      reportP50Ms: reports.p50Ms,
      reportP99Ms: reports.p99Ms,
      reportPageSize: METERING_REPORT_PAGE_SIZE,
      computersPageP50Ms: pages.p50Ms,
      computersPageP99Ms: pages.p99Ms,
      installedUnusedComputers: unused.body.computers.length,
      installedUnusedP50Ms: unusedTimes.p50Ms,
      installedUnusedP99Ms: unusedTimes.p99Ms,
      ruleReadP99Ms: ruleBaseline.p99Ms,
      reportRatioToRuleRead: Number((reports.p99Ms / ruleBaseline.p99Ms).toFixed(1)),
      computersPageRatioToRuleRead: Number((pages.p99Ms / ruleBaseline.p99Ms).toFixed(1)),
      installedUnusedRatioToRuleRead: Number((unusedTimes.p99Ms / ruleBaseline.p99Ms).toFixed(1)),
      goalRecordsPerSecond: GOAL_RECORDS_PER_SECOND,
      goalReportP99Ms: GOAL_REPORT_P99_MS,
      meetsGoals: recordsPerSecond >= GOAL_RECORDS_PER_SECOND && reports.p99Ms < GOAL_REPORT_P99_MS && pages.p99Ms < GOAL_REPORT_P99_MS,
      baseline: 'ingest: GET /health/live, as many requests at the same concurrency, before and after (the faster); answer times: GET /api/v1/metering/rules/{id}',
    };
    writeResult(
      'metering',
      summary,
      `metering: ${recordCount} records from ${clientCount} clients in ${ingest.seconds} s = ${recordsPerSecond.toLocaleString('en')} records/s ` +
        `(goal ${GOAL_RECORDS_PER_SECOND.toLocaleString('en')}/s; ${ingest.requestsPerSecond} req/s = ${summary.ingestRatioToBaseline}× /health/live); ` +
        `month report of one rule (${summary.reportRunsPerRule.toLocaleString('en')} runs, first ${METERING_REPORT_PAGE_SIZE} computers and users) p99 ${reports.p99Ms} ms, p50 ${reports.p50Ms} ms (goal < ${GOAL_REPORT_P99_MS} ms, ${summary.reportRatioToRuleRead}× a rule read), ` +
        `a page of ${METERING_REPORT_PAGE_SIZE} of its computers p99 ${pages.p99Ms} ms, p50 ${pages.p50Ms} ms (${summary.computersPageRatioToRuleRead}× a rule read), ` +
        `its first answer after ingest (summarizing the closed month) median ${summary.firstReportMedianMs} ms, max ${summary.firstReportMaxMs} ms; ` +
        `installed-unused at ${clientCount} clients (${unused.body.computers.length} listed) p99 ${unusedTimes.p99Ms} ms`,
    );
  } finally {
    await kit.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
