import { declareError, HTTP_STATUS_OF_KIND } from './domain-error';
import { describeUsers, inUseConflict } from './in-use';

describe('in-use conflicts', () => {
  it('names every user up to the limit and counts the rest', () => {
    expect(describeUsers({ kind: 'advertisements', ids: ['S0100002'], total: 1 })).toBe('advertisements S0100002');
    expect(describeUsers({ kind: 'advertisements', ids: ['S0100002', 'S0100003'], total: 7 })).toBe('advertisements S0100002, S0100003 and 5 more');
  });

  it('is a 409 in the error shape: object, users and what to do; the users again under the field', () => {
    const collectionInUse = declareError('COLLECTION_IN_USE', 'conflict');
    const conflict = inUseConflict(collectionInUse, 'id', 'collection S0100004', { kind: 'advertisements', ids: ['S0100007'], total: 1 }, 'delete them first');
    expect(HTTP_STATUS_OF_KIND[conflict.kind]).toBe(409);
    expect(conflict).toMatchObject({
      code: 'COLLECTION_IN_USE',
      message: 'collection S0100004 is used by advertisements S0100007; delete them first',
      details: [{ field: 'id', problems: ['used by advertisements S0100007'] }],
    });
  });
});
