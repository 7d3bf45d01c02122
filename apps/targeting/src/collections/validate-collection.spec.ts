import { DomainError } from '@sdp/service';
import { checkReferences, CollectionReferences, parseRules } from './validate-collection';

const CLIENT = '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f';

function collection(id: string, fields: Partial<CollectionReferences> = {}): CollectionReferences {
  return { id, limitingCollectionId: 'SMS00001', parentCollectionId: null, rules: [], ...fields };
}

const stored = [collection('SMS00001', { limitingCollectionId: null }), collection('S0100001'), collection('S0100002', { rules: [{ type: 'include', collectionId: 'S0100001' }] })];

function refusal(check: () => unknown): DomainError {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseRules', () => {
  it('refuses a rule of the wrong shape as COLLECTION_RULE_MALFORMED (400), naming the rule', () => {
    const error = refusal(() => parseRules([{ type: 'include', collectionId: 'S0100001' }, { type: 'sql', text: 'DROP' }]));
    expect(error).toMatchObject({ code: 'COLLECTION_RULE_MALFORMED', kind: 'bad-request', details: [{ field: 'rules[1]' }] });
    expect(error.message).toMatch(/^rules\[1\]: /);
  });

  it('refuses a query rule whose expression does not parse as QUERY_INVALID (422)', () => {
    const error = refusal(() => parseRules([{ type: 'query', name: 'q', expression: "os.name = 'windows' OR" }]));
    expect(error).toMatchObject({ code: 'QUERY_INVALID', kind: 'rule-broken', details: [{ field: 'rules[0].expression', position: 22 }] });
  });

  it('accepts well-formed rules', () => {
    expect(parseRules([{ type: 'direct', clientId: CLIENT }])).toEqual([{ type: 'direct', clientId: CLIENT }]);
  });
});

describe('checkReferences', () => {
  it('accepts a collection whose references exist and close no cycle', () => {
    const candidate = collection('S0100003', { parentCollectionId: 'S0100002', rules: [{ type: 'exclude', collectionId: 'S0100002' }, { type: 'direct', clientId: CLIENT }] });
    expect(() => checkReferences(candidate, stored, new Set([CLIENT]))).not.toThrow();
  });

  it.each([
    ['limitingCollectionId', collection('S0100003', { limitingCollectionId: 'S01FFFFF' })],
    ['parentCollectionId', collection('S0100003', { parentCollectionId: 'S01FFFFF' })],
    ['rules[1].collectionId', collection('S0100003', { rules: [{ type: 'include', collectionId: 'S0100001' }, { type: 'exclude', collectionId: 'S01FFFFF' }] })],
  ])('refuses an unknown collection in %s as COLLECTION_UNKNOWN (422)', (field, candidate) => {
    expect(refusal(() => checkReferences(candidate, stored, new Set()))).toMatchObject({
      code: 'COLLECTION_UNKNOWN',
      kind: 'rule-broken',
      message: `${field}: unknown collection S01FFFFF`,
      details: [{ field, problems: ['unknown collection S01FFFFF'] }],
    });
  });

  it('refuses a direct rule for a client that does not exist as CLIENT_UNKNOWN (422), matching IDs in any case', () => {
    const upper = CLIENT.toUpperCase();
    const candidate = collection('S0100003', { rules: [{ type: 'direct', clientId: upper }, { type: 'direct', clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e70' }] });
    expect(refusal(() => checkReferences(candidate, stored, new Set([CLIENT])))).toMatchObject({
      code: 'CLIENT_UNKNOWN',
      details: [{ field: 'rules[1].clientId', problems: ['unknown client 0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e70'] }],
    });
  });

  it('refuses a change that closes a cycle through include, exclude or limiting as COLLECTION_DEPENDENCY_LOOP (422)', () => {
    const error = refusal(() => checkReferences(collection('S0100001', { rules: [{ type: 'exclude', collectionId: 'S0100002' }] }), stored, new Set()));
    expect(error).toMatchObject({ code: 'COLLECTION_DEPENDENCY_LOOP', kind: 'rule-broken', details: [{ field: 'rules' }] });
    expect(error.message).toContain('cycle');
    expect(refusal(() => checkReferences(collection('S0100001', { limitingCollectionId: 'S0100001' }), stored, new Set())).code).toBe('COLLECTION_DEPENDENCY_LOOP');
  });

  it('refuses parents that form a cycle as COLLECTION_PARENT_LOOP (422)', () => {
    const parented = [...stored, collection('S0100004', { parentCollectionId: 'S0100003' })];
    expect(refusal(() => checkReferences(collection('S0100003', { parentCollectionId: 'S0100004' }), parented, new Set()))).toMatchObject({
      code: 'COLLECTION_PARENT_LOOP',
      details: [{ field: 'parentCollectionId' }],
    });
  });
});
