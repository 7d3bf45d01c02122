/**
 * The client list at scale (issue 16): N clients (default 100,000) in the real targeting
 * service's database, then each filter and sort of GET /api/v1/clients, a page deep into a sorted
 * list (by its cursor) and resolving a name, timed as the ratio of their median to the median of
 * the plain first page (ID order, no filter) measured in the same run. The clients are written with
 * SQL, not registered one by one: the bench measures the reads. Checks that each answer is what the
 * data says; a wrong answer ends the run with exit code 1.
 * Usage: npm run bench -- client-list [--clients 100000] [--rounds 30]
 */
import { call, startTargeting } from '@sdp/targeting/test-support';
import { DataSource } from 'typeorm';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 100_000);
const rounds = argument('rounds', 30);

type Page = { items: { id: string; name: string; lastSeenAt: string }[]; nextCursor: string | null };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const service = await startTargeting();
  const failures: string[] = [];
  try {
    const dataSource = service.app.get(DataSource);
    const seeded = performance.now();
    // ws-000001 ... with three OSes, two sites, a last-seen spread over 100 days; every 1000th pending, every 997th blocked.
    await dataSource.query(
      `INSERT INTO client (id, name, hardware_id, domain, os_name, os_version, os_arch, site_code, ip_addresses, inventory, approved, blocked,
                           registered_at, last_seen_at, updated_at, key_generation)
       SELECT gen_random_uuid(), 'WS-' || lpad(i::text, 6, '0'), 'bench-hw-' || i, NULL,
              (ARRAY['windows','linux','macos'])[1 + i % 3], '10.0.19045', 'x64', CASE WHEN i % 2 = 0 THEN 'S01' ELSE 'S02' END,
              '["10.1.0.1"]'::jsonb, '{}'::jsonb, i % 1000 <> 0, i % 997 = 0,
              now() - (i || ' minutes')::interval, now() - ((i * 86.4) || ' seconds')::interval, now(), 0
       FROM generate_series(1, $1) AS i`,
      [clientCount],
    );
    // All Systems and, after it, the collections it limits (All Windows Systems among them).
    await call(service, 'POST', '/collections/SMS00001/evaluate');
    // What autovacuum does on its own some time after a bulk change: the planner's statistics.
    await dataSource.query('ANALYZE client, collection_member');
    const seedSeconds = (performance.now() - seeded) / 1000;

    const deepPage = await call<Page>(service, 'GET', `/clients?sort=name&limit=500`);
    let cursor = deepPage.body.nextCursor;
    for (let page = 1; page < Math.min(100, Math.floor(clientCount / 1000)) && cursor; page += 1) {
      cursor = (await call<Page>(service, 'GET', `/clients?sort=name&limit=500&cursor=${cursor}`)).body.nextCursor;
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const cases: Record<string, { path: string; check: (body: Page) => string | undefined }> = {
      baseline: { path: '/clients', check: (body) => (body.items.length === 50 ? undefined : `${body.items.length} items`) },
      nameSubstring: {
        path: `/clients?name=${encodeURIComponent('s-04242')}`,
        // WS-042420 .. WS-042429
        check: (body) => (body.items.length === (clientCount >= 42429 ? 10 : body.items.length) && body.items.every((item) => item.name.includes('04242')) ? undefined : JSON.stringify(body.items.map((item) => item.name))),
      },
      sortNameDesc: { path: '/clients?sort=name&order=desc', check: (body) => (body.items[0]?.name === `WS-${String(clientCount).padStart(6, '0')}` ? undefined : body.items[0]?.name) },
      sortNameDeepPage: { path: `/clients?sort=name&limit=50${cursor ? `&cursor=${cursor}` : ''}`, check: (body) => (body.items.length === 50 ? undefined : `${body.items.length} items`) },
      lastSeenBeforeSorted: {
        path: `/clients?lastSeenBefore=${encodeURIComponent(twoDaysAgo)}&sort=lastSeenAt&order=desc`,
        check: (body) => (body.items.every((item) => item.lastSeenAt < twoDaysAgo) && body.items.length === 50 ? undefined : 'wrong last seen'),
      },
      osSiteApproval: { path: '/clients?os=linux&siteCode=S01&approval=approved&sort=name', check: (body) => (body.items.length === 50 ? undefined : `${body.items.length} items`) },
      pending: { path: '/clients?approval=pending', check: (body) => (body.items.length === Math.min(50, Math.floor(clientCount / 1000)) ? undefined : `${body.items.length} items`) },
      collectionSorted: { path: '/clients?collectionId=SMS00002&sort=lastSeenAt', check: (body) => (body.items.length === 50 ? undefined : `${body.items.length} items`) },
      resolveName: { path: `/clients/resolve?ref=ws-${String(Math.ceil(clientCount / 2)).padStart(6, '0')}`, check: (body) => ((body as unknown as { name: string }).name ? undefined : 'no client') },
    };
    const timings: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
    for (let round = 0; round < rounds + 3; round += 1) {
      for (const [name, { path, check }] of Object.entries(cases)) {
        const started = performance.now();
        const answer = await call<Page>(service, 'GET', path);
        const took = performance.now() - started;
        if (round === 0) {
          const problem = answer.status === 200 ? check(answer.body) : `status ${answer.status}`;
          if (problem) failures.push(`${name}: ${problem}`);
        }
        // The first rounds warm the caches and the query plans.
        if (round >= 3) timings[name].push(took);
      }
    }
    const baselineMs = median(timings.baseline);
    const medians = Object.fromEntries(Object.entries(timings).map(([name, values]) => [name, Number(median(values).toFixed(2))]));
    const ratios = Object.fromEntries(Object.entries(timings).map(([name, values]) => [name, Number((median(values) / baselineMs).toFixed(2))]));
    const trigram = (await dataSource.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'client_name_trgm_idx'`)).length === 1;
    const result = { clients: clientCount, rounds, seedSeconds: Number(seedSeconds.toFixed(1)), trigramIndex: trigram, medianMs: medians, ratioToBaseline: ratios };
    writeResult(
      'client-list',
      result,
      `client-list: ${clientCount} clients; median ms (ratio to the plain first page ${medians.baseline} ms): ` +
        Object.keys(cases)
          .filter((name) => name !== 'baseline')
          .map((name) => `${name} ${medians[name]} (${ratios[name]}x)`)
          .join(', '),
    );
  } finally {
    await service.close();
  }
  if (failures.length > 0) {
    console.error(`client-list FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
}

void main();
