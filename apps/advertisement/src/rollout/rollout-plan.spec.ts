import { randomUUID } from 'node:crypto';
import { parseRolloutPhases, phaseOfClient, ringPosition, RING_POSITIONS } from './rollout-plan';

const ring = (percent: number, extra: Record<string, unknown> = {}) => ({ type: 'percentage', percent, ...extra });

describe('parseRolloutPhases', () => {
  it('fills in the defaults: 95 % success, 5 % failures, an automatic gate without delay', () => {
    expect(parseRolloutPhases([ring(10), ring(100, { gate: { type: 'approval' }, failureThreshold: { count: 3 }, successPercent: 80 })])).toEqual({
      phases: [
        { type: 'percentage', percent: 10, successPercent: 95, failureThreshold: { percent: 5 }, gate: { type: 'automatic', delayMinutes: 0 } },
        { type: 'percentage', percent: 100, successPercent: 80, failureThreshold: { count: 3 }, gate: { type: 'approval' } },
      ],
    });
  });

  it('takes collection phases', () => {
    const parsed = parseRolloutPhases([{ type: 'collection', collectionId: 'S0100004' }, { type: 'collection', collectionId: 'S0100005' }]);
    expect('phases' in parsed && parsed.phases.map((phase) => phase.type === 'collection' && phase.collectionId)).toEqual(['S0100004', 'S0100005']);
  });

  it.each([
    ['no phase', [], 'phases', /between 1 and 20/],
    ['rings not increasing', [ring(10), ring(10), ring(100)], 'phases[1].percent', /rings must grow/],
    ['a ring shrinking', [ring(50), ring(10), ring(100)], 'phases[1].percent', /rings must grow/],
    ['a ring above 100', [ring(10), ring(150)], 'phases[1].percent', /100/],
    ['a ring of 0', [ring(0), ring(100)], 'phases[0].percent', /0/],
    ['the last ring below 100', [ring(1), ring(50)], 'phases[1].percent', /last ring must be 100/],
    ['a success criterion above 100', [ring(100, { successPercent: 101 })], 'phases[0].successPercent', /100/],
    ['a success criterion below 0', [ring(100, { successPercent: -1 })], 'phases[0].successPercent', /0/],
    ['a failure share above 100', [ring(100, { failureThreshold: { percent: 120 } })], 'phases[0].failureThreshold.percent', /100/],
    ['a failure count of 0', [ring(100, { failureThreshold: { count: 0 } })], 'phases[0].failureThreshold.count', /1/],
    ['an unknown gate', [ring(100, { gate: { type: 'manual' } })], 'phases[0].gate.type', /./],
    ['a negative delay', [ring(100, { gate: { type: 'automatic', delayMinutes: -5 } })], 'phases[0].gate.delayMinutes', /./],
    ['mixed types', [{ type: 'collection', collectionId: 'S0100004' }, ring(100)], 'phases[1].type', /one type/],
    ['a collection twice', [{ type: 'collection', collectionId: 'S0100004' }, { type: 'collection', collectionId: 'S0100004' }], 'phases[1].collectionId', /already/],
    ['a malformed collection ID', [{ type: 'collection', collectionId: 'nope' }], 'phases[0].collectionId', /./],
  ])('refuses %s, naming the field', (_case, raw, field, why) => {
    const parsed = parseRolloutPhases(raw);
    expect('problem' in parsed && parsed.problem.field).toBe(field);
    expect('problem' in parsed && parsed.problem.why).toMatch(why);
  });
});

describe('ring membership', () => {
  const clients = Array.from({ length: 20_000 }, () => randomUUID());

  it('is a stable function of advertisement and client, whatever the case of the client ID', () => {
    const client = 'A3B2C1D0-0000-7000-8000-00000000000F';
    expect(ringPosition('S0100002', client)).toBe(ringPosition('S0100002', client.toLowerCase()));
    // first 4 bytes of SHA-256("S0100002:a3b2c1d0-…0f") mod 10000, computed apart (Python hashlib)
    expect(ringPosition('S0100002', client)).toBe(6799);
    expect(clients.slice(0, 100).map((id) => ringPosition('S0100002', id))).toEqual(clients.slice(0, 100).map((id) => ringPosition('S0100002', id)));
  });

  it('spreads clients evenly, so a ring of p % holds about p % of them', () => {
    const positions = clients.map((id) => ringPosition('S0100002', id));
    expect(positions.every((position) => position >= 0 && position < RING_POSITIONS)).toBe(true);
    for (const percent of [1, 10, 50]) {
      const share = (positions.filter((position) => position < percent * 100).length * 100) / clients.length;
      expect(Math.abs(share - percent)).toBeLessThan(Math.max(0.5, percent * 0.1));
    }
  });

  it('differs between advertisements, so the same computers are not always the canaries', () => {
    const first = new Set(clients.filter((id) => ringPosition('S0100002', id) < 1000));
    const other = clients.filter((id) => ringPosition('S0100003', id) < 1000);
    const overlap = other.filter((id) => first.has(id)).length / other.length;
    expect(overlap).toBeLessThan(0.2);
  });

  it('places a client in the first ring holding it: rings nest, every client is in the last', () => {
    const phases = [1, 10, 50, 100].map((percent) => ({ ...ring(percent), successPercent: 95, failureThreshold: { percent: 5 }, gate: { type: 'approval' as const } })) as never;
    const placed = clients.map((id) => phaseOfClient(phases, 'S0100002', id, () => false));
    expect(placed.every((phase) => phase >= 1 && phase <= 4)).toBe(true);
    expect(placed.filter((phase) => phase === 1).length).toBeGreaterThan(100);
    for (const [index, id] of clients.slice(0, 500).entries()) {
      const position = ringPosition('S0100002', id);
      expect(placed[index]).toBe(position < 100 ? 1 : position < 1000 ? 2 : position < 5000 ? 3 : 4);
    }
  });

  it('places a client in the first collection phase it is a member of, and one in none in the last phase', () => {
    const rules = { successPercent: 95, failureThreshold: { percent: 5 }, gate: { type: 'approval' as const } };
    const phases = [
      { type: 'collection' as const, collectionId: 'PILOT', ...rules },
      { type: 'collection' as const, collectionId: 'EUROPE', ...rules },
      { type: 'collection' as const, collectionId: 'REST', ...rules },
    ];
    expect(phaseOfClient(phases, 'S0100002', clients[0], (id) => id === 'EUROPE' || id === 'PILOT')).toBe(1);
    expect(phaseOfClient(phases, 'S0100002', clients[0], (id) => id === 'EUROPE')).toBe(2);
    expect(phaseOfClient(phases, 'S0100002', clients[0], () => false)).toBe(3);
  });
});
