import {
  encodeConsistencyToken,
  latestPositions,
  MalformedConsistencyToken,
  MAX_REQUEST_ITEMS,
  MAX_TOKEN_ITEMS,
  parseConsistencyToken,
} from './consistency-token';

const PACKAGES = 'sdp.catalog.packages.v1';
const COLLECTIONS = 'sdp.targeting.collections.v1';

describe('consistency token', () => {
  it('encodes one item per aggregate with its highest sequence, in the order first named', () => {
    const token = encodeConsistencyToken([
      { topic: PACKAGES, subject: 'S0100001', sequence: 1 },
      { topic: COLLECTIONS, subject: 'S0100002', sequence: 4 },
      { topic: PACKAGES, subject: 'S0100001', sequence: 2 },
    ]);
    expect(token).toBe('sdp.catalog.packages.v1~S0100001~2,sdp.targeting.collections.v1~S0100002~4');
  });

  it('percent-encodes subjects, ~ and , included, and reads them back', () => {
    const positions = [
      { topic: 'sdp.replication.distribution-points.v1', subject: 'dp~one,two é/3', sequence: 7 },
      { topic: PACKAGES, subject: 'S0100001', sequence: 12 },
    ];
    const token = encodeConsistencyToken(positions);
    expect(token).toMatch(/^[\x21-\x7e]+$/);
    expect(token.split(',')).toHaveLength(2);
    expect(parseConsistencyToken(token)).toEqual(positions);
  });

  it('names at most MAX_TOKEN_ITEMS aggregates', () => {
    const many = Array.from({ length: MAX_TOKEN_ITEMS + 10 }, (_, index) => ({ topic: PACKAGES, subject: `S01${String(index).padStart(5, '0')}`, sequence: 1 }));
    expect(encodeConsistencyToken(many).split(',')).toHaveLength(MAX_TOKEN_ITEMS);
    expect(encodeConsistencyToken([])).toBe('');
  });

  it('reads no positions from a missing or empty header', () => {
    expect(parseConsistencyToken(undefined)).toEqual([]);
    expect(parseConsistencyToken('  ')).toEqual([]);
  });

  it('reads merged tokens: several header lines, spaces after commas, the same aggregate twice', () => {
    expect(parseConsistencyToken([`${PACKAGES}~S0100001~3, ${COLLECTIONS}~S0100002~1`, `${PACKAGES}~S0100001~5`])).toEqual([
      { topic: PACKAGES, subject: 'S0100001', sequence: 5 },
      { topic: COLLECTIONS, subject: 'S0100002', sequence: 1 },
    ]);
  });

  it.each([
    ['two parts', `${PACKAGES}~S0100001`, /item 1 is not topic~subject~sequence/],
    ['four parts', `${PACKAGES}~S01~00001~1`, /item 1 is not topic~subject~sequence/],
    ['an empty item', `${PACKAGES}~S0100001~1,`, /item 2 is not topic~subject~sequence/],
    ['a bad topic', 'sdp catalog~S0100001~1', /item 1: the topic is not a topic name/],
    ['sequence 0', `${PACKAGES}~S0100001~0`, /item 1: the sequence is not a positive integer/],
    ['a negative sequence', `${PACKAGES}~S0100001~-1`, /the sequence is not a positive integer/],
    ['a fractional sequence', `${PACKAGES}~S0100001~1.5`, /the sequence is not a positive integer/],
    ['a huge sequence', `${PACKAGES}~S0100001~99999999999999999`, /the sequence is not a positive integer/],
    ['a broken escape', `${PACKAGES}~S01%E0%A4%A~1`, /item 1: the subject is not percent-encoded/],
    ['an empty subject', `${PACKAGES}~~1`, /item 1: the subject must be 1 to 500 characters/],
    ['a subject too long', `${PACKAGES}~${'x'.repeat(501)}~1`, /item 1: the subject must be 1 to 500 characters/],
    ['a NUL in the subject', `${PACKAGES}~S01%0000001~1`, /item 1: the subject has control characters/],
    ['a lone surrogate in the subject', `${PACKAGES}~S01%ED%A0%80~1`, /item 1: the subject is not percent-encoded/],
  ])('refuses %s', (_what, header, message) => {
    expect(() => parseConsistencyToken(header)).toThrow(MalformedConsistencyToken);
    expect(() => parseConsistencyToken(header)).toThrow(message);
  });

  it('refuses more than MAX_REQUEST_ITEMS items', () => {
    const header = Array.from({ length: MAX_REQUEST_ITEMS + 1 }, (_, index) => `${PACKAGES}~S${index}~1`).join(',');
    expect(() => parseConsistencyToken(header)).toThrow(`at most ${MAX_REQUEST_ITEMS} items`);
  });

  it('keeps the highest sequence per aggregate', () => {
    expect(
      latestPositions([
        { topic: PACKAGES, subject: 'a', sequence: 3 },
        { topic: PACKAGES, subject: 'a', sequence: 1 },
        { topic: COLLECTIONS, subject: 'a', sequence: 2 },
      ]),
    ).toEqual([
      { topic: PACKAGES, subject: 'a', sequence: 3 },
      { topic: COLLECTIONS, subject: 'a', sequence: 2 },
    ]);
  });
});
