import { DomainError } from '@sdp/service';
import { containsPattern, isPositionOf, parseClientListFilter } from './client-list-filter';

const ID = '0190c6a3-7f1e-7000-8000-000000000001';

function refusal(parameters: Record<string, string>): { status: string; field: unknown } {
  try {
    parseClientListFilter(parameters);
  } catch (error) {
    if (error instanceof DomainError) return { status: error.kind, field: (error.details as { field: string }[])[0].field };
    throw error;
  }
  return { status: 'accepted', field: undefined };
}

describe('parseClientListFilter', () => {
  it('reads every filter, the sort and the order', () => {
    expect(
      parseClientListFilter({
        name: 'WS-0',
        os: 'linux',
        collectionId: 'SMS00001',
        siteCode: 'S01',
        lastSeenAfter: '2026-03-01T00:00:00Z',
        lastSeenBefore: '2026-03-02T00:00:00+01:00',
        approval: 'pending',
        ids: `${ID.toUpperCase()}, ${ID}`,
        sort: 'lastSeenAt',
        order: 'desc',
      }),
    ).toEqual({
      name: 'ws-0',
      os: 'linux',
      collectionId: 'SMS00001',
      siteCode: 'S01',
      lastSeenAfter: new Date('2026-03-01T00:00:00Z'),
      lastSeenBefore: new Date('2026-03-01T23:00:00Z'),
      approval: 'pending',
      ids: [ID],
      sort: 'lastSeenAt',
      order: 'desc',
    });
    expect(parseClientListFilter({})).toMatchObject({ sort: 'id', order: 'asc' });
  });

  it.each([
    ['name', '  '],
    ['os', 'Windows'],
    ['collectionId', 'sms00001'],
    ['siteCode', 'S1'],
    ['lastSeenAfter', '2026-03-01'],
    ['lastSeenBefore', '2026-02-30T25:00:00Z'],
    ['lastSeenBefore', '2026-02-30T10:00:00Z'],
    ['lastSeenAfter', '2026-01-01T24:00:00Z'],
    ['lastSeenAfter', '0000-01-01T00:00:00Z'],
    ['approval', 'yes'],
    ['ids', `${ID},x`],
    ['sort', 'id'],
    ['order', 'DESC'],
  ])('refuses %s=%j with 422 naming it', (parameter, value) => {
    expect(refusal({ [parameter]: value })).toEqual({ status: 'rule-broken', field: parameter });
  });

  it('refuses more than 500 IDs and an empty time range', () => {
    expect(refusal({ ids: Array.from({ length: 501 }, (_, index) => `0190c6a3-7f1e-7000-8000-${String(index).padStart(12, '0')}`).join(',') })).toEqual({
      status: 'rule-broken',
      field: 'ids',
    });
    expect(refusal({ lastSeenAfter: '2026-03-01T00:00:00Z', lastSeenBefore: '2026-03-01T00:00:00Z' })).toEqual({ status: 'rule-broken', field: 'lastSeenBefore' });
  });

  it('makes LIKE wildcards in a name plain text', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('takes only cursors of the same sort and order', () => {
    const byName = parseClientListFilter({ sort: 'name' });
    expect(isPositionOf(byName)({ id: ID, sort: 'name', order: 'asc', key: 'ws' })).toBe(true);
    expect(isPositionOf(byName)({ id: ID, sort: 'name', order: 'desc', key: 'ws' })).toBe(false);
    expect(isPositionOf(byName)({ id: ID })).toBe(false);
    expect(isPositionOf(parseClientListFilter({}))({ id: ID })).toBe(true);
    const byLastSeen = isPositionOf(parseClientListFilter({ sort: 'lastSeenAt' }));
    expect(byLastSeen({ id: ID, sort: 'lastSeenAt', order: 'asc', key: 'yesterday' })).toBe(false);
    expect(byLastSeen({ id: ID, sort: 'lastSeenAt', order: 'asc', key: '2026-02-30T00:00:00.000Z' })).toBe(false);
    expect(byLastSeen({ id: ID, sort: 'lastSeenAt', order: 'asc', key: '2026-02-28T00:00:00.000Z' })).toBe(true);
    expect(isPositionOf(parseClientListFilter({ order: 'desc' }))({ id: ID, sort: 'id', order: 'desc' })).toBe(true);
  });
});
