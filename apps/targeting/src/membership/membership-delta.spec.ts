import { chunkDelta, netChanges } from './membership-delta';

describe('membership deltas', () => {
  it('nets a batch of changes per collection: the last change of a client counts', () => {
    const deltas = netChanges([
      { collectionId: 'S0100002', clientId: 'b', added: true },
      { collectionId: 'S0100001', clientId: 'a', added: true },
      { collectionId: 'S0100002', clientId: 'a', added: true },
      { collectionId: 'S0100001', clientId: 'a', added: false },
      { collectionId: 'S0100002', clientId: 'c', added: false },
    ]);
    expect(Object.fromEntries(deltas)).toEqual({
      S0100001: { added: [], removed: ['a'] },
      S0100002: { added: ['a', 'b'], removed: ['c'] },
    });
  });

  it('chunks removals before additions, at most maxIds each', () => {
    expect(chunkDelta({ added: ['x', 'y'], removed: ['a'] }, 2)).toEqual([
      { added: ['x'], removed: ['a'] },
      { added: ['y'], removed: [] },
    ]);
    expect(chunkDelta({ added: [], removed: [] }, 2)).toEqual([]);
  });
});
