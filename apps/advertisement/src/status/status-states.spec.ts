import { isAcceptanceState, latestPerAdvertisement } from './status-states';

describe('isAcceptanceState', () => {
  it('separates acceptance from delivery', () => {
    expect(isAcceptanceState('ACCEPTED')).toBe(true);
    expect(isAcceptanceState('REJECTED')).toBe(true);
    expect(isAcceptanceState('RUNNING')).toBe(false);
    expect(isAcceptanceState('SUCCEEDED')).toBe(false);
  });
});

describe('latestPerAdvertisement', () => {
  it('keeps the highest seq of each kind per advertisement, whatever the order', () => {
    const reports = [
      { advertisementId: 'S0100001', state: 'SUCCEEDED' as const, seq: 7 },
      { advertisementId: 'S0100001', state: 'RUNNING' as const, seq: 5 },
      { advertisementId: 'S0100001', state: 'ACCEPTED' as const, seq: 3 },
      { advertisementId: 'S0100002', state: 'WAITING' as const, seq: 4 },
    ];
    const forward = latestPerAdvertisement(reports);
    const backward = latestPerAdvertisement([...reports].reverse());
    expect(forward).toEqual(backward);
    expect(forward.get('S0100001')).toEqual({ acceptance: reports[2], delivery: reports[0] });
    expect(forward.get('S0100002')).toEqual({ delivery: reports[3] });
  });
});
