import { etagOf, etagOfJson, ifNoneMatchHits } from './etag';

describe('etagOf', () => {
  it('is a quoted tag that changes with the body', () => {
    const tag = etagOf({ advertisements: [] });
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(etagOf({ advertisements: [] })).toBe(tag);
    expect(etagOf({ advertisements: [1] })).not.toBe(tag);
  });
});

describe('ifNoneMatchHits', () => {
  const tag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(ifNoneMatchHits(header, tag)).toBe(expected);
  });
});

describe('etagOfJson', () => {
  it('is the ETag of the body the JSON text serialises', () => {
    const body = { advertisements: [{ id: 'S0100001' }] };
    expect(etagOfJson(JSON.stringify(body))).toBe(etagOf(body));
  });
});
