import { approvalOf, ariaSort, clientListParams, hasFilters, isoOfLocal, nextSort, NO_FILTERS } from './client-list-model';

describe('client list model', () => {
  it('sends only the filters that are set, trimmed, with the site code in upper case', () => {
    expect(clientListParams(NO_FILTERS, null)).toEqual({});
    const params = clientListParams({ ...NO_FILTERS, name: '  pc-1 ', os: 'linux', collectionId: 'S0100004', siteCode: 's01', approval: 'pending', query: " inventory.a = 'b' " }, { column: 'lastSeenAt', order: 'desc' });
    expect(Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined))).toEqual({
      name: 'pc-1',
      os: 'linux',
      collectionId: 'S0100004',
      siteCode: 'S01',
      approval: 'pending',
      query: "inventory.a = 'b'",
      sort: 'lastSeenAt',
      order: 'desc',
    });
  });

  it('turns the last-seen times typed in the browser zone into ISO instants and drops what is not a time', () => {
    const local = '2026-03-01T07:30';
    expect(isoOfLocal(local)).toBe(new Date(local).toISOString());
    expect(isoOfLocal('')).toBeUndefined();
    expect(isoOfLocal('yesterday')).toBeUndefined();
    const params = clientListParams({ ...NO_FILTERS, lastSeenAfter: local, lastSeenBefore: 'nonsense' }, null);
    expect(params.lastSeenAfter).toBe(new Date(local).toISOString());
    expect(params.lastSeenBefore).toBeUndefined();
  });

  it('sorts a new column ascending and turns the order of the same column around', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', order: 'asc' });
    expect(nextSort({ column: 'name', order: 'asc' }, 'name')).toEqual({ column: 'name', order: 'desc' });
    expect(nextSort({ column: 'name', order: 'desc' }, 'name')).toEqual({ column: 'name', order: 'asc' });
    expect(nextSort({ column: 'name', order: 'desc' }, 'os')).toEqual({ column: 'os', order: 'asc' });
    expect(ariaSort({ column: 'os', order: 'desc' }, 'os')).toBe('descending');
    expect(ariaSort({ column: 'os', order: 'asc' }, 'os')).toBe('ascending');
    expect(ariaSort({ column: 'os', order: 'asc' }, 'name')).toBe('none');
    expect(ariaSort(null, 'name')).toBe('none');
  });

  it('puts a blocked client under blocked whether or not it was approved', () => {
    expect(approvalOf({ approved: true, blocked: true })).toBe('blocked');
    expect(approvalOf({ approved: false, blocked: true })).toBe('blocked');
    expect(approvalOf({ approved: true, blocked: false })).toBe('approved');
    expect(approvalOf({ approved: false, blocked: false })).toBe('pending');
  });

  it('knows when any filter is set, blanks not counting', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, name: '   ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, approval: 'blocked' })).toBe(true);
  });
});
