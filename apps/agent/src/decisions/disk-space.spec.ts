import { checkDiskSpace, describeShortage } from './disk-space';

const MB = 1024 * 1024;

describe('disk space for a chain', () => {
  it('fits when the free space covers the content to download and the program estimate', () => {
    expect(checkDiskSpace({ reclaimableBytes: 0, contents: [{ sizeBytes: 200 * MB, cached: false }], programEstimatesMb: [300], freeBytes: 500 * MB })).toEqual({ fits: true });
  });

  it('does not fit when one byte is missing, and says how much is needed and free', () => {
    expect(checkDiskSpace({ reclaimableBytes: 0, contents: [{ sizeBytes: 200 * MB, cached: false }], programEstimatesMb: [300], freeBytes: 500 * MB - 1 })).toEqual({
      fits: false,
      neededBytes: 500 * MB,
      freeBytes: 500 * MB - 1,
      reclaimableBytes: 0,
      contentBytes: 200 * MB,
      programEstimateBytes: 300 * MB,
    });
  });

  it('needs no download bytes for a version already in the cache', () => {
    const needs = { contents: [{ sizeBytes: 900 * MB, cached: true }, { sizeBytes: 100 * MB, cached: false }], programEstimatesMb: [0, 0] };
    expect(checkDiskSpace({ reclaimableBytes: 0, ...needs, freeBytes: 100 * MB })).toEqual({ fits: true });
    expect(checkDiskSpace({ reclaimableBytes: 0, ...needs, freeBytes: 99 * MB })).toMatchObject({ fits: false, contentBytes: 100 * MB, neededBytes: 100 * MB });
  });

  it('counts an unknown (null) estimate as 0', () => {
    expect(checkDiskSpace({ reclaimableBytes: 0, contents: [{ sizeBytes: 10 * MB, cached: false }], programEstimatesMb: [null], freeBytes: 10 * MB })).toEqual({ fits: true });
    expect(checkDiskSpace({ reclaimableBytes: 0, contents: [], programEstimatesMb: [null], freeBytes: 0 })).toEqual({ fits: true });
  });

  it('takes the largest estimate of the chain, not the sum: the programs run one after another', () => {
    const needs = { contents: [], programEstimatesMb: [100, null, 700, 300] };
    expect(checkDiskSpace({ reclaimableBytes: 0, ...needs, freeBytes: 700 * MB })).toEqual({ fits: true });
    expect(checkDiskSpace({ reclaimableBytes: 0, ...needs, freeBytes: 699 * MB })).toMatchObject({ fits: false, programEstimateBytes: 700 * MB, neededBytes: 700 * MB });
  });

  it('still needs the estimate of a program without content', () => {
    expect(checkDiskSpace({ reclaimableBytes: 0, contents: [], programEstimatesMb: [50], freeBytes: 10 * MB })).toMatchObject({ fits: false, contentBytes: 0, neededBytes: 50 * MB });
  });

  it('describes a shortage in whole MB with thousands separators', () => {
    const shortage = checkDiskSpace({ reclaimableBytes: 0, contents: [{ sizeBytes: 200 * MB, cached: false }], programEstimatesMb: [1034], freeBytes: 512 * MB });
    if (shortage.fits) throw new Error('expected a shortage');
    expect(describeShortage(shortage, '/var/lib/sdp-agent/cache')).toBe(
      'needs 1,234 MB free on /var/lib/sdp-agent/cache (content 200 MB + program estimate 1,034 MB), has 512 MB free',
    );
  });

  it('rounds needs up and free space down, so a near miss never reads as enough', () => {
    const shortage = checkDiskSpace({ reclaimableBytes: 0, contents: [{ sizeBytes: 10 * MB + 1024, cached: false }], programEstimatesMb: [null], freeBytes: 10 * MB + 1 });
    if (shortage.fits) throw new Error('expected a shortage');
    expect(describeShortage(shortage, '/data/cache')).toBe('needs 11 MB free on /data/cache (content 11 MB + program estimate 0 MB), has 10 MB free');
  });

  it('counts older cached content the cache may drop as room, and says so when it is still not enough', () => {
    const needs = { contents: [{ sizeBytes: 300 * MB, cached: false }], programEstimatesMb: [null], freeBytes: 100 * MB };
    expect(checkDiskSpace({ ...needs, reclaimableBytes: 200 * MB })).toEqual({ fits: true });
    const shortage = checkDiskSpace({ ...needs, reclaimableBytes: 150 * MB });
    if (shortage.fits) throw new Error('expected a shortage');
    expect(describeShortage(shortage, '/data/cache')).toBe(
      'needs 300 MB free on /data/cache (content 300 MB + program estimate 0 MB), has 100 MB free and 150 MB of older cached content',
    );
  });
});
