import { availabilityAt } from './availability';

describe('availability', () => {
  const advertisement = { availableAt: '2026-03-01T00:00:00Z', expiresAt: '2026-04-01T00:00:00Z' };

  it('is not available before availableAt, available until expiresAt, expired from then on', () => {
    expect(availabilityAt(advertisement, new Date('2026-02-28T23:59:59Z'))).toBe('not-yet-available');
    expect(availabilityAt(advertisement, new Date('2026-03-01T00:00:00Z'))).toBe('available');
    expect(availabilityAt(advertisement, new Date('2026-03-31T23:59:59Z'))).toBe('available');
    expect(availabilityAt(advertisement, new Date('2026-04-01T00:00:00Z'))).toBe('expired');
  });

  it('never expires without expiresAt', () => {
    expect(availabilityAt({ ...advertisement, expiresAt: null }, new Date('2099-01-01T00:00:00Z'))).toBe('available');
  });
});
