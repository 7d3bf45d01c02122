/**
 * Registration and inventory updates of the targeting service, in-process on the real local stack,
 * against many query collections. Each registration is what an agent does: ask for a challenge,
 * sign it with its Ed25519 key (contracts' clientKeyProofMessage, as apps/agent does), register with
 * the enrollment secret; then every registered client sends an inventory that moves it to other
 * collections, with its token. Baseline in the same run: `GET /health/live` of the same service at
 * the same concurrency. Afterwards a full evaluation of a sample of collections must find nothing
 * to add or remove, and as many members as the bench expects: incremental evaluation kept up.
 * Usage: npm run bench -- registration [--clients 2000] [--collections 1000] [--concurrency 32]
 */
import { clientKeyProof, newClientKey, TestClientKey, uniqueSuffix } from '@sdp/testing';
import { call, startTargeting } from '@sdp/targeting/test-support';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 2000);
const collectionCount = argument('collections', 1000);
const concurrency = argument('concurrency', 32);
const DEPARTMENTS = 20;
const TIERS = 10;
const OS = ['windows', 'linux', 'macos'];
const CHECKED_COLLECTIONS = 10;
const BAR = 'registrations and inventory updates >= 500/s with p99 < 100 ms against 1,000 query collections';

interface Profile {
  readonly department: number;
  readonly tier: number;
  readonly os: number;
}

interface Collection {
  readonly id: string;
  readonly department: number;
  readonly minimumTier: number;
  readonly os: number;
}

interface Timing {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Collection k: one OS, one department, a minimum tier; each client is in about ten of them. */
function collectionShape(index: number): Omit<Collection, 'id'> {
  return { department: index % DEPARTMENTS, minimumTier: Math.floor(index / DEPARTMENTS) % TIERS, os: Math.floor(index / (DEPARTMENTS * TIERS)) % OS.length };
}

function expressionOf(shape: Omit<Collection, 'id'>): string {
  return `os.name = '${OS[shape.os]}' AND inventory.department = 'D${shape.department}' AND inventory.tier >= ${shape.minimumTier}`;
}

function isMember(collection: Collection, profile: Profile): boolean {
  return collection.os === profile.os && collection.department === profile.department && profile.tier >= collection.minimumTier;
}

/** Runs `work(index)` for `count` indexes, `concurrency` at a time, timing each. */
async function timed(count: number, work: (index: number) => Promise<void>): Promise<Timing> {
  const latencies = new Float64Array(count);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        const started = performance.now();
        await work(index);
        latencies[index] = performance.now() - started;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort();
  const at = (fraction: number): number => Number(latencies[Math.min(count - 1, Math.ceil(fraction * count) - 1)].toFixed(1));
  return { count, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(count / seconds), p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function main(): Promise<void> {
  const service = await startTargeting();
  try {
    const marker = uniqueSuffix();
    const setUpStart = performance.now();
    const collections: Collection[] = [];
    for (let index = 0; index < collectionCount; index += 1) {
      const shape = collectionShape(index);
      const created = await call<{ id: string }>(service, 'POST', '/collections', {
        body: { name: `bench ${marker} ${index}`, refresh: { fullEveryMinutes: null }, rules: [{ type: 'query', name: `q${index}`, expression: expressionOf(shape) }] },
      });
      if (created.status !== 201) {
        throw new Error(`creating a collection failed: ${created.status} ${JSON.stringify(created.body)}`);
      }
      collections.push({ id: created.body.id, ...shape });
    }
    const setUpSeconds = (performance.now() - setUpStart) / 1000;
    const keys: TestClientKey[] = Array.from({ length: clientCount }, () => newClientKey());
    const profiles: Profile[] = Array.from({ length: clientCount }, (_, index) => ({ department: index % DEPARTMENTS, tier: Math.floor(index / DEPARTMENTS) % TIERS, os: index % OS.length }));
    const inventoryOf = (profile: Profile): Record<string, unknown> => ({ department: `D${profile.department}`, tier: profile.tier, memoryMb: 16384 });

    const health = await timed(clientCount, async () => {
      const response = await fetch(`${service.url}/health/live`);
      await response.arrayBuffer();
      if (response.status !== 200) {
        throw new Error(`/health/live answered ${response.status}`);
      }
    });

    const registered: { clientId: string; token: string }[] = [];
    const registrations = await timed(clientCount, async (index) => {
      const profile = profiles[index];
      const answer = await call<{ clientId: string; token: string }>(service, 'POST', '/clients/register', {
        headers: {},
        body: {
          enrollmentSecret: 'dev-enroll-secret',
          name: `bench-${marker}-${index}`,
          hardwareId: `HW-${marker}-${index}`,
          domain: 'corp.example.com',
          os: { name: OS[profile.os], version: '10.0.19045', arch: 'x64' },
          ipAddresses: [`10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`],
          inventory: inventoryOf(profile),
          ...(await clientKeyProof(service.url, keys[index])),
        },
      });
      if (answer.status !== 201) {
        throw new Error(`registration failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      registered[index] = answer.body;
    });
    const checkedAfterRegistration = await checkMemberships();

    const inventoryUpdates = await timed(clientCount, async (index) => {
      const profile = profiles[index];
      const moved: Profile = { ...profile, department: (profile.department + 1) % DEPARTMENTS };
      const answer = await call(service, 'PUT', `/clients/${registered[index].clientId}/inventory`, {
        headers: { authorization: `Bearer ${registered[index].token}` },
        body: { inventory: inventoryOf(moved) },
      });
      if (answer.status !== 200) {
        throw new Error(`inventory update failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      profiles[index] = moved;
    });
    const checkedAfterInventory = await checkMemberships();

    const summary = {
      bench: 'registration',
      clients: clientCount,
      collections: collectionCount,
      concurrency,
      setUpSeconds: Number(setUpSeconds.toFixed(1)),
      registrations,
      inventoryUpdates,
      healthLive: health,
      registrationRatioToHealthLive: Number((registrations.perSecond / health.perSecond).toFixed(3)),
      inventoryRatioToHealthLive: Number((inventoryUpdates.perSecond / health.perSecond).toFixed(3)),
      membershipsChecked: { afterRegistration: checkedAfterRegistration, afterInventory: checkedAfterInventory },
      measures: 'a registration is POST /clients/challenge, the Ed25519 signature and POST /clients/register; an inventory update is PUT /clients/:id/inventory that moves the client to other collections',
      bar: BAR,
    };
    writeResult(
      'registration',
      summary,
      `registration: ${clientCount} clients, ${collectionCount} query collections, concurrency ${concurrency}: ` +
        `registrations ${registrations.perSecond}/s (p50 ${registrations.p50Ms} ms, p99 ${registrations.p99Ms} ms), ` +
        `inventory updates ${inventoryUpdates.perSecond}/s (p50 ${inventoryUpdates.p50Ms} ms, p99 ${inventoryUpdates.p99Ms} ms); ` +
        `/health/live ${health.perSecond}/s (p99 ${health.p99Ms} ms): ${summary.registrationRatioToHealthLive}× / ${summary.inventoryRatioToHealthLive}× of it`,
    );

    /** A full evaluation of a sample of collections finds the members the bench expects, and nothing to change. */
    async function checkMemberships(): Promise<number> {
      const step = Math.max(1, Math.floor(collections.length / CHECKED_COLLECTIONS));
      let checked = 0;
      for (let index = 0; index < collections.length; index += step) {
        const collection = collections[index];
        const expected = profiles.filter((profile) => isMember(collection, profile)).length;
        const evaluated = await call<{ memberCount: number; added: number; removed: number }>(service, 'POST', `/collections/${collection.id}/evaluate`);
        const { memberCount, added, removed } = evaluated.body;
        if (evaluated.status !== 200 || memberCount !== expected || added !== 0 || removed !== 0) {
          throw new Error(`collection ${collection.id}: expected ${expected} members kept by incremental evaluation, full evaluation answered ${evaluated.status} ${JSON.stringify(evaluated.body)}`);
        }
        checked += 1;
      }
      return checked;
    }
  } finally {
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
