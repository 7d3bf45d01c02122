import { checkAvailabilityWindow, parseMandatoryAssignments } from './advertisement-rules';

describe('parseMandatoryAssignments', () => {
  it('accepts every kind of schedule and normalises times to UTC', () => {
    const result = parseMandatoryAssignments([
      { type: 'asap' },
      { type: 'at', at: '2026-07-01T02:00:00+02:00' },
      { type: 'recurring', at: '2026-07-01T00:00:00Z', every: 'P7D' },
      { type: 'logon' },
      { type: 'logoff' },
    ]);
    expect(result).toEqual({
      assignments: [
        { type: 'asap' },
        { type: 'at', at: '2026-07-01T00:00:00.000Z' },
        { type: 'recurring', at: '2026-07-01T00:00:00.000Z', every: 'P7D' },
        { type: 'logon' },
        { type: 'logoff' },
      ],
    });
  });

  it.each([
    [[{ type: 'sometimes' }], 'mandatory[0].type'],
    [[{ type: 'at' }], 'mandatory[0].at'],
    [[{ type: 'at', at: 'tomorrow' }], 'mandatory[0].at'],
    [[{ type: 'asap' }, { type: 'recurring', at: '2026-07-01T00:00:00Z', every: '7 days' }], 'mandatory[1].every'],
    [[{ type: 'recurring', at: '2026-07-01T00:00:00Z', every: 'PT0S' }], 'mandatory[0].every'],
    [[{ type: 'asap', extra: true }], 'mandatory[0]'],
    [['asap'], 'mandatory[0]'],
  ])('rejects %j at %s', (raw, field) => {
    const result = parseMandatoryAssignments(raw);
    expect('problem' in result && result.problem.field).toBe(field);
  });

  it('allows 15 assignments and refuses 16', () => {
    expect('assignments' in parseMandatoryAssignments(Array.from({ length: 15 }, () => ({ type: 'asap' })))).toBe(true);
    const result = parseMandatoryAssignments(Array.from({ length: 16 }, () => ({ type: 'asap' })));
    expect('problem' in result && result.problem).toEqual({ field: 'mandatory', why: 'at most 15 mandatory assignments, got 16' });
  });
});

describe('checkAvailabilityWindow', () => {
  it('needs expiresAt strictly after availableAt', () => {
    expect(checkAvailabilityWindow('2026-07-01T00:00:00Z', null)).toBeNull();
    expect(checkAvailabilityWindow('2026-07-01T00:00:00Z', '2026-07-01T00:00:01Z')).toBeNull();
    expect(checkAvailabilityWindow('2026-07-01T00:00:00Z', '2026-07-01T00:00:00Z')?.field).toBe('expiresAt');
    expect(checkAvailabilityWindow('2026-07-01T00:00:00Z', '2026-06-01T00:00:00Z')?.field).toBe('expiresAt');
  });
});
