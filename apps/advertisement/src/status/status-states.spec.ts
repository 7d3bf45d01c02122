import { CLIENT_STATUS_STATES } from '@sdp/contracts';
import { ACCEPTANCE_STATES, SUMMARY_BUCKETS } from './status-states';

describe('status states', () => {
  it('counts each delivery state in at most one summary bucket and no acceptance state in any', () => {
    const bucketed = Object.values(SUMMARY_BUCKETS).flat();
    expect(new Set(bucketed).size).toBe(bucketed.length);
    expect(bucketed.filter((state) => ACCEPTANCE_STATES.includes(state))).toEqual([]);
    expect([...ACCEPTANCE_STATES, ...bucketed].filter((state) => !CLIENT_STATUS_STATES.includes(state))).toEqual([]);
  });
});
