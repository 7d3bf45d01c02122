/**
 * The targeting issue's acceptance run, at scale, in-process on the real local stack:
 * N simulated clients (default 10,000) register over HTTP with a mix of operating systems,
 * versions and departments; a query collection "Windows ≥ 10.0.19041 in Finance" must hold
 * exactly the clients a plain JavaScript filter of the same data selects; then one client's
 * inventory change must move it in, with the membership event read back from Kafka, and
 * explain must say why. Prints figures; the exactness checks end the run with exit code 1.
 * Usage: npm run bench -- targeting-scale [--clients 10000]
 */
import { EventTypes, MembershipChangedData, TOPICS } from '@sdp/contracts';
import { call, register, startTargeting, TopicReader } from '@sdp/targeting/test-support';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 10_000);
const CONCURRENCY = 16;
const EXPRESSION = "os.name = 'windows' AND os.version >= '10.0.19041' AND inventory.department = 'Finance'";

const systems = [
  { name: 'windows', version: '10.0.19045', arch: 'x64' },
  { name: 'windows', version: '10.0.9200', arch: 'x64' },
  { name: 'windows', version: '10.0.19041', arch: 'x86' },
  { name: 'windows', version: '6.1.7601', arch: 'x64' },
  { name: 'linux', version: '6.1.0', arch: 'x64' },
  { name: 'macos', version: '14.5', arch: 'arm64' },
];
const departments = ['Finance', 'HR', 'Engineering', 'finance'];

interface Simulated {
  clientId: string;
  token: string;
  os: (typeof systems)[number];
  department: string;
}

/** What the collection must hold, computed without the service: dotted versions, case-insensitive. */
function expectedMember(client: Simulated): boolean {
  const version = client.os.version.split('.').map(Number);
  const floor = [10, 0, 19041];
  let cmp = 0;
  for (let i = 0; i < 3 && cmp === 0; i += 1) cmp = Math.sign((version[i] ?? 0) - floor[i]);
  return client.os.name === 'windows' && cmp >= 0 && client.department.toLowerCase() === 'finance';
}

async function main(): Promise<void> {
  const service = await startTargeting();
  const failures: string[] = [];
  try {
    const started = performance.now();
    const clients: Simulated[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < clientCount) {
          const i = next++;
          const os = systems[i % systems.length];
          const department = departments[Math.floor(i / systems.length) % departments.length];
          const { clientId, token } = await register(service, { os, inventory: { department } });
          clients[i] = { clientId, token, os, department };
        }
      }),
    );
    const registrationSeconds = (performance.now() - started) / 1000;

    const created = await call<{ id: string }>(service, 'POST', '/collections', {
      body: { name: `Windows 10 2004+ in Finance ${Date.now()}`, rules: [{ type: 'query', name: 'finance-win10', expression: EXPRESSION }] },
    });
    const collectionId = created.body.id;
    const evaluation = await call<{ memberCount: number; tookMs: number }>(service, 'POST', `/collections/${collectionId}/evaluate`);
    const members = new Set<string>();
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        service,
        'GET',
        `/collections/${collectionId}/members?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      page.body.items.forEach((item) => members.add(item.id));
      cursor = page.body.nextCursor;
    }
    const expected = new Set(clients.filter(expectedMember).map((client) => client.clientId));
    const exact = members.size === expected.size && [...expected].every((id) => members.has(id));
    if (!exact) failures.push(`members ${members.size} != expected ${expected.size}`);

    const outsider = clients.find((client) => !expectedMember(client) && client.os.version === '10.0.19045')!;
    const reader = new TopicReader(TOPICS.targetingMembership, (event) => event.subject === collectionId);
    await reader.start();
    // Timing starts once the reader has caught up (it has seen the evaluation's own delta), so
    // the figure is the change's latency, not the reader joining its group.
    await reader.waitFor((event) => event.type === EventTypes.targeting.membershipChanged, 'the evaluation delta', 60_000);
    const changeStart = performance.now();
    const changed = await call(service, 'PUT', `/clients/${outsider.clientId}/inventory`, {
      body: { inventory: { department: 'Finance' } },
      headers: { authorization: `Bearer ${outsider.token}` },
    });
    if (changed.status !== 200 && changed.status !== 204) {
      throw new Error(`inventory change failed: ${changed.status} ${JSON.stringify(changed.body)}`);
    }
    await reader.waitFor(
      (event) => event.type === EventTypes.targeting.membershipChanged && (event.data as MembershipChangedData).added.includes(outsider.clientId),
      'membership delta for the changed client',
      30_000,
    );
    const moveMs = performance.now() - changeStart;
    await reader.stop();
    const explain = await call<{ member: boolean }>(service, 'GET', `/collections/${collectionId}/explain?clientId=${outsider.clientId}`);
    if (!explain.body.member) failures.push('explain does not show the moved client as a member');

    const result = {
      clients: clientCount,
      registrationSeconds: Number(registrationSeconds.toFixed(1)),
      registrationsPerSecond: Math.round(clientCount / registrationSeconds),
      members: members.size,
      expectedMembers: expected.size,
      exact,
      fullEvaluationMs: evaluation.body.tookMs,
      inventoryChangeToEventMs: Math.round(moveMs),
      explain: explain.body,
    };
    writeResult(
      'targeting-scale',
      result,
      `targeting-scale: ${clientCount} clients registered in ${result.registrationSeconds} s (${result.registrationsPerSecond}/s); ` +
        `members ${members.size}/${expected.size} exact=${exact}; full evaluation ${result.fullEvaluationMs} ms; ` +
        `inventory change → membership event ${result.inventoryChangeToEventMs} ms`,
    );
  } finally {
    await service.close();
  }
  if (failures.length > 0) {
    console.error(`targeting-scale FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
}

void main();
