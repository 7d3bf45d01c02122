import { pageWindow } from './report-query.dto';

describe('a page of the report drill-down', () => {
  it('defaults to the first 100 rows and takes offsets from 0 and limits from 1 to 1000', () => {
    expect([pageWindow(undefined, undefined), pageWindow('0', '1'), pageWindow('250', '1000'), pageWindow('1000000000', undefined)]).toEqual([
      { offset: 0, limit: 100 },
      { offset: 0, limit: 1 },
      { offset: 250, limit: 1000 },
      { offset: 1_000_000_000, limit: 100 },
    ]);
  });

  it.each(['-1', '1.5', '', ' 7', '7x', '1e3', '1000000001'])('refuses offset %j', (offset) => {
    expect(pageWindow(offset, '10')).toEqual({ field: 'offset', why: expect.stringContaining('0 to') });
  });

  it.each(['0', '1001', '-5', '2.5', '', 'all'])('refuses limit %j', (limit) => {
    expect(pageWindow('0', limit)).toEqual({ field: 'limit', why: expect.stringContaining('1 to 1000') });
  });
});
