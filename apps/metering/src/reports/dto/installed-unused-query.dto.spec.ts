import { unusedDays } from './installed-unused-query.dto';

describe('days of installed but unused', () => {
  it('defaults to 90 and takes whole days from 1 to 3650', () => {
    expect([unusedDays(undefined), unusedDays('1'), unusedDays('30'), unusedDays('3650')]).toEqual([{ days: 90 }, { days: 1 }, { days: 30 }, { days: 3650 }]);
  });

  it.each(['0', '3651', '-1', '1.5', '', ' 7', '7d', '1e3', '00000001'])('refuses %j', (days) => {
    expect(unusedDays(days)).toEqual({ why: expect.stringContaining('1 to 3650') });
  });
});
