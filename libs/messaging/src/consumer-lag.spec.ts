import { partitionLags } from './consumer-lag';

describe('partitionLags', () => {
  it('is the high watermark minus the committed offset', () => {
    expect(
      partitionLags(
        [
          { partition: 0, low: '0', high: '10' },
          { partition: 1, low: '0', high: '7' },
        ],
        [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '7' },
        ],
      ),
    ).toEqual([
      { partition: 0, lag: 6 },
      { partition: 1, lag: 0 },
    ]);
  });

  it('counts from the first stored record where the group never committed', () => {
    expect(partitionLags([{ partition: 0, low: '3', high: '8' }], [{ partition: 0, offset: '-1' }])).toEqual([{ partition: 0, lag: 5 }]);
    expect(partitionLags([{ partition: 2, low: '0', high: '2' }], [])).toEqual([{ partition: 2, lag: 2 }]);
  });

  it('does not count records retention deleted before the group read them', () => {
    expect(partitionLags([{ partition: 0, low: '100', high: '120' }], [{ partition: 0, offset: '40' }])).toEqual([{ partition: 0, lag: 20 }]);
  });

  it('is zero on an empty partition', () => {
    expect(partitionLags([{ partition: 0, low: '5', high: '5' }], [{ partition: 0, offset: '-1' }])).toEqual([{ partition: 0, lag: 0 }]);
  });
});
