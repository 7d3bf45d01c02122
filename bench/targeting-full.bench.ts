/**
 * Full evaluation of query collections over many clients with the targeting service's own
 * engine (parser, evaluator, dependency order), in-process and without the database.
 * Baseline in the same run: the same selections as hand-written JavaScript predicates.
 * Usage: npm run bench -- targeting-full [--clients 100000] [--collections 1000]
 */
import {
  CollectionDefinition,
  compileCollection,
  compileQuery,
  dependencyOrder,
  EvaluatedClient,
  evaluateMemberships,
} from '@sdp/targeting/test-support/membership-engine';
import { argument, writeResult } from './bench-support';

const clientCount = argument('clients', 100_000);
const collectionCount = argument('collections', 1000);
const DEPARTMENTS = ['Finance', 'HR', 'IT', 'Sales', 'Legal', 'Ops', 'R&D', 'Support'];
const OS = ['windows', 'linux', 'macos'];

function makeClients(): EvaluatedClient[] {
  return Array.from({ length: clientCount }, (_, index) => ({
    id: `00000000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`,
    name: `ws-${index}`,
    domain: index % 5 === 0 ? null : 'corp.example.com',
    siteCode: 'S01',
    os: { name: OS[index % 3], version: `10.0.${19000 + (index % 100)}`, arch: 'x64' },
    ipAddresses: [`10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`],
    lastSeenAt: new Date(1_770_000_000_000 + index * 1000),
    inventory: { department: DEPARTMENTS[index % DEPARTMENTS.length], memoryMb: 4096 * (1 + (index % 8)) },
  }));
}

interface Selection {
  department: string;
  minimumMemory: number;
  os: string;
}

function selectionOf(index: number): Selection {
  return { department: DEPARTMENTS[index % DEPARTMENTS.length], minimumMemory: 4096 * (1 + (index % 4)), os: OS[index % 3] };
}

function makeDefinitions(): CollectionDefinition[] {
  const builtIn: CollectionDefinition = { id: 'SMS00001', limitingCollectionId: null, rules: [{ type: 'query', name: 'all', expression: 'name IS NOT NULL' }], incremental: true };
  return [
    builtIn,
    ...Array.from({ length: collectionCount }, (_, index): CollectionDefinition => {
      const selection = selectionOf(index);
      return {
        id: `S01${(index + 1).toString(16).toUpperCase().padStart(5, '0')}`,
        limitingCollectionId: 'SMS00001',
        rules: [
          {
            type: 'query',
            name: `q${index}`,
            expression: `os.name = '${selection.os}' AND inventory.department = '${selection.department}' AND inventory.memoryMb >= ${selection.minimumMemory}`,
          },
        ],
        incremental: true,
      };
    }),
  ];
}

function baseline(clients: EvaluatedClient[]): number {
  let members = 0;
  for (let index = 0; index < collectionCount; index += 1) {
    const selection = selectionOf(index);
    const department = selection.department.toLowerCase();
    for (const client of clients) {
      const inventory = client.inventory as { department: string; memoryMb: number };
      if (client.os.name.toLowerCase() === selection.os && inventory.department.toLowerCase() === department && inventory.memoryMb >= selection.minimumMemory) {
        members += 1;
      }
    }
  }
  return members;
}

function main(): void {
  const clients = makeClients();
  const compiled = dependencyOrder(makeDefinitions().map((definition) => compileCollection(definition, compileQuery)));

  const baselineStart = performance.now();
  const baselineMembers = baseline(clients);
  const baselineSeconds = (performance.now() - baselineStart) / 1000;

  const start = performance.now();
  const result = evaluateMemberships(compiled, clients, new Map());
  const seconds = (performance.now() - start) / 1000;
  const members = [...result.entries()].filter(([id]) => id !== 'SMS00001').reduce((sum, [, set]) => sum + set.size, 0);
  if (members !== baselineMembers) {
    throw new Error(`engine found ${members} memberships, the baseline ${baselineMembers}`);
  }

  const evaluations = clientCount * collectionCount;
  const summary = {
    bench: 'targeting-full',
    clients: clientCount,
    collections: collectionCount,
    memberships: members,
    seconds: Number(seconds.toFixed(3)),
    clientsTimesRulesPerSecond: Math.round(evaluations / seconds),
    baselineSeconds: Number(baselineSeconds.toFixed(3)),
    ratioToBaseline: Number((seconds / baselineSeconds).toFixed(2)),
    bar: 'full evaluation of 1,000 query collections over 100,000 clients < 30 s',
  };
  writeResult(
    'targeting-full',
    summary,
    `targeting-full: ${collectionCount} collections × ${clientCount} clients in ${summary.seconds} s ` +
      `(${summary.clientsTimesRulesPerSecond.toLocaleString('en')} clients×rules/s), ${summary.ratioToBaseline}× the hand-written baseline (${summary.baselineSeconds} s)`,
  );
}

main();
