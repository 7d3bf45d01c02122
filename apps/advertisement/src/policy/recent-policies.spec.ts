import { RecentPolicies } from './recent-policies';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

describe('RecentPolicies', () => {
  it('gives the policy of the ETag asked for once, whatever the case of the client ID', () => {
    const recent = new RecentPolicies();
    recent.add([{ clientId: ALICE, etag: '"a1"', json: '{"n":1}', validUntil: null }]);
    expect(recent.take(ALICE.toUpperCase(), '"a1"')).toEqual({ etag: '"a1"', json: '{"n":1}' });
    expect(recent.take(ALICE, '"a1"')).toBeUndefined();
  });

  it('gives nothing for another ETag (an older change), and keeps the newer policy for its own change', () => {
    const recent = new RecentPolicies();
    recent.add([{ clientId: ALICE, etag: '"a1"', json: '{"n":1}', validUntil: null }]);
    recent.add([{ clientId: ALICE, etag: '"a2"', json: '{"n":2}', validUntil: null }]);
    expect(recent.take(ALICE, '"a1"')).toBeUndefined();
    expect(recent.take(ALICE, '"a2"')).toEqual({ etag: '"a2"', json: '{"n":2}' });
  });

  it('gives no policy that ran out (the database has the current one)', () => {
    const recent = new RecentPolicies();
    recent.add([{ clientId: ALICE, etag: '"a1"', json: '{}', validUntil: new Date(1_000) }]);
    expect(recent.take(ALICE, '"a1"', 1_000)).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it('keeps at most maxEntries, the oldest going first', () => {
    const recent = new RecentPolicies();
    recent.maxEntries = 1;
    recent.add([
      { clientId: ALICE, etag: '"a"', json: '{}', validUntil: null },
      { clientId: BOB, etag: '"b"', json: '{}', validUntil: null },
    ]);
    expect(recent.size).toBe(1);
    expect(recent.take(ALICE, '"a"')).toBeUndefined();
    expect(recent.take(BOB, '"b"')).toEqual({ etag: '"b"', json: '{}' });
  });
});
