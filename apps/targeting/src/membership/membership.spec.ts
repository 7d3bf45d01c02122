import fc from 'fast-check';
import { CollectionRuleData } from '@sdp/contracts';
import { compileQuery } from '../query';
import { CollectionDefinition, compileCollection, EvaluatedClient } from './collection-rules';
import { CollectionCycleError, dependencyOrder, findParentCycle, withDependents } from './dependency-order';
import { evaluateClientMemberships, evaluateMemberships } from './evaluate-memberships';
import { chunkDelta, diffMembers } from './membership-delta';

function client(id: string, os: string, department: string): EvaluatedClient {
  return {
    id,
    name: `ws-${id}`,
    domain: null,
    siteCode: 'S01',
    os: { name: os, version: '10.0.19045', arch: 'x64' },
    ipAddresses: [],
    lastSeenAt: new Date(0),
    inventory: { department },
  };
}

function definition(id: string, limitingCollectionId: string | null, rules: CollectionRuleData[], incremental = true): CollectionDefinition {
  return { id, limitingCollectionId, rules, incremental };
}

const BUILT_INS = [
  definition('SMS00001', null, [{ type: 'query', name: 'all', expression: 'name IS NOT NULL' }]),
  definition('SMS00002', 'SMS00001', [{ type: 'query', name: 'windows', expression: "os.name = 'windows'" }]),
];

function compileAll(definitions: CollectionDefinition[]) {
  return dependencyOrder(definitions.map((item) => compileCollection(item, compileQuery)));
}

describe('membership', () => {
  const clients = [client('a', 'windows', 'Finance'), client('b', 'linux', 'Finance'), client('c', 'windows', 'HR'), client('d', 'windows', 'IT')];

  it('computes limiting ∩ ((direct ∪ query ∪ include) − exclude)', () => {
    const collections = compileAll([
      definition('S0100003', 'SMS00002', [
        { type: 'query', name: 'finance', expression: "inventory.department = 'Finance'" },
        { type: 'direct', clientId: 'b' },
        { type: 'direct', clientId: 'c' },
        { type: 'include', collectionId: 'S0100004' },
        { type: 'exclude', collectionId: 'S0100005' },
      ]),
      definition('S0100004', 'SMS00001', [{ type: 'query', name: 'it', expression: "inventory.department = 'IT'" }]),
      definition('S0100005', 'SMS00001', [{ type: 'direct', clientId: 'c' }]),
      ...BUILT_INS,
    ]);
    const members = evaluateMemberships(collections, clients, new Map());
    expect([...members.get('S0100003')!].sort()).toEqual(['a', 'd']);
    expect([...members.get('SMS00002')!].sort()).toEqual(['a', 'c', 'd']);
  });

  it('keeps the current members of referenced collections that are not recomputed', () => {
    const [, , included, including] = compileAll([
      ...BUILT_INS,
      definition('S0100004', 'SMS00001', [{ type: 'query', name: 'it', expression: "inventory.department = 'IT'" }]),
      definition('S0100005', 'SMS00002', [{ type: 'include', collectionId: 'S0100004' }, { type: 'exclude', collectionId: 'S0100006' }]),
    ]);
    expect([included.id, including.id]).toEqual(['S0100004', 'S0100005']);
    const current = new Map([
      ['SMS00002', new Set(['a', 'b', 'c'])],
      ['S0100004', new Set(['a', 'b', 'c'])],
      ['S0100006', new Set(['c'])],
    ]);
    const members = evaluateMemberships([including], clients, current);
    expect([...members.keys()]).toEqual(['S0100005']);
    expect([...members.get('S0100005')!].sort()).toEqual(['a', 'b']);
  });

  it('orders collections after what they reference and names a cycle', () => {
    const ordered = compileAll([definition('S0100003', 'S0100004', []), definition('S0100004', 'SMS00001', []), ...BUILT_INS]).map((item) => item.id);
    expect(ordered.indexOf('S0100004')).toBeLessThan(ordered.indexOf('S0100003'));
    expect(ordered.indexOf('SMS00001')).toBeLessThan(ordered.indexOf('S0100004'));
    expect(() =>
      dependencyOrder([
        definition('X0000001', 'SMS00001', [{ type: 'include', collectionId: 'X0000002' }]),
        definition('X0000002', 'SMS00001', [{ type: 'exclude', collectionId: 'X0000001' }]),
        ...BUILT_INS,
      ]),
    ).toThrow(CollectionCycleError);
    expect(() => dependencyOrder([definition('X0000001', 'X0000001', [])])).toThrow('X0000001 → X0000001');
  });

  it('finds dependents transitively and parent cycles', () => {
    const definitions = [definition('S1', 'SMS00001', []), definition('S2', 'S1', []), definition('S3', 'SMS00001', [{ type: 'exclude', collectionId: 'S2' }]), ...BUILT_INS];
    expect([...withDependents(definitions, ['S1'])].sort()).toEqual(['S1', 'S2', 'S3']);
    expect(findParentCycle(new Map([['A', 'B'], ['B', 'A'], ['C', null]]))).toEqual(['A', 'B', 'A']);
    expect(findParentCycle(new Map([['A', 'B'], ['B', null]]))).toBeUndefined();
  });

  it('splits deltas into ordered chunks of bounded size', () => {
    const delta = diffMembers(new Set(['a', 'b', 'c']), new Set(['c', 'd', 'e', 'f']));
    expect(delta).toEqual({ added: ['d', 'e', 'f'], removed: ['a', 'b'] });
    const chunks = chunkDelta(delta, 2);
    expect(chunks).toEqual([{ added: [], removed: ['a', 'b'] }, { added: ['d', 'e'], removed: [] }, { added: ['f'], removed: [] }]);
    expect(chunkDelta({ added: [], removed: [] }, 2)).toEqual([]);
  });

  it('incremental evaluation of each client agrees with full evaluation on random collections and clients', () => {
    const departments = ['Finance', 'HR', 'IT'];
    const clientArbitrary = fc.array(
      fc.record({ os: fc.constantFrom('windows', 'linux', 'macos'), department: fc.constantFrom(...departments) }),
      { minLength: 1, maxLength: 12 },
    );
    const ruleArbitrary = (index: number, clientCount: number): fc.Arbitrary<CollectionRuleData> => {
      const earlier = index > 0 ? [fc.integer({ min: 0, max: index - 1 }).map((target) => `U00000${target}`)] : [];
      const options: fc.Arbitrary<CollectionRuleData>[] = [
        fc.constantFrom(...departments).map((department) => ({ type: 'query' as const, name: 'q', expression: `inventory.department = '${department}'` })),
        fc.integer({ min: 0, max: clientCount - 1 }).map((target) => ({ type: 'direct' as const, clientId: `c${target}` })),
      ];
      if (earlier.length > 0) {
        options.push(earlier[0].map((collectionId) => ({ type: 'include' as const, collectionId })));
        options.push(earlier[0].map((collectionId) => ({ type: 'exclude' as const, collectionId })));
      }
      return fc.oneof(...options);
    };
    fc.assert(
      fc.property(
        clientArbitrary.chain((specs) =>
          fc.tuple(
            fc.constant(specs),
            fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).chain((seeds) =>
              fc.tuple(
                ...seeds.map((seed, index) =>
                  fc.tuple(fc.array(ruleArbitrary(index, specs.length), { maxLength: 4 }), fc.constantFrom('SMS00001', 'SMS00002', ...(index > 0 ? [`U00000${seed % index}`] : []))),
                ),
              ),
            ),
          ),
        ),
        ([specs, collectionSpecs]) => {
          const randomClients = specs.map((spec, index) => client(`c${index}`, spec.os, spec.department));
          const definitions = [
            ...BUILT_INS,
            ...collectionSpecs.map(([rules, limiting], index) => definition(`U00000${index}`, limiting, rules)),
          ];
          const collections = compileAll(definitions);
          const full = evaluateMemberships(collections, randomClients, new Map());
          for (const each of randomClients) {
            const incremental = evaluateClientMemberships(collections, each, new Set());
            for (const collection of collections) {
              expect(incremental.has(collection.id)).toBe(full.get(collection.id)!.has(each.id));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
