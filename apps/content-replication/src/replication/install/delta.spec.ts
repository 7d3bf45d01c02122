import { objectsOnDp } from './delta';

const onDp = 'a'.repeat(64);

/** A DP whose `cas/` area holds one object, counting how often it is listed. */
function dpHoldingOne() {
  const dp = {
    listings: 0,
    casHashes: async () => {
      dp.listings++;
      return new Set([onDp]);
    },
  };
  return dp;
}

function objects(count: number) {
  return Array.from({ length: count }, (_, index) => ({ sha256: index.toString(16).padStart(64, '0'), size: 1, fileCount: 1 }));
}

describe('objectsOnDp', () => {
  it('leaves a small version to the copies, which ask the DP one object at a time', async () => {
    const dp = dpHoldingOne();
    expect(await objectsOnDp(dp, objects(99))).toBeUndefined();
    expect(dp.listings).toBe(0);
  });

  it('lists the DP once for a version of 100 objects or more', async () => {
    const dp = dpHoldingOne();
    expect(await objectsOnDp(dp, objects(100))).toEqual(new Set([onDp]));
    expect(dp.listings).toBe(1);
  });
});
