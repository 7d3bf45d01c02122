import { decodePolicyChanges, encodePolicyChanges } from './policy-change-channel';

describe('policy change channel payloads', () => {
  it('round-trips changes and splits them below the NOTIFY limit', () => {
    const changes = Array.from({ length: 1_000 }, (_, index) => ({
      clientId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      etag: `"etag-${index}"`,
    }));
    const payloads = encodePolicyChanges(changes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) {
      expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    }
    expect(payloads.flatMap(decodePolicyChanges)).toEqual(changes);
  });

  it('gives no payload for no change and skips malformed lines', () => {
    expect(encodePolicyChanges([])).toEqual([]);
    expect(decodePolicyChanges('nospace\n a\nb \nid "e"')).toEqual([{ clientId: 'id', etag: '"e"' }]);
  });
});
