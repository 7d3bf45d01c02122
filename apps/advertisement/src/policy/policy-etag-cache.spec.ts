import { PolicyEtagCache } from './policy-etag-cache';

describe('PolicyEtagCache', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  function enabled(size?: number): PolicyEtagCache {
    const cache = new PolicyEtagCache();
    cache.maxEntries = size ?? cache.maxEntries;
    cache.enable();
    return cache;
  }

  it('remembers an ETag read while nothing changed, until the policy runs out', () => {
    const cache = enabled();
    cache.remember('a', '"1"', null, cache.beginRead());
    cache.remember('b', '"2"', new Date(now + 1000), cache.beginRead());
    expect(cache.get('a', now)).toBe('"1"');
    expect(cache.get('b', now + 999)).toBe('"2"');
    expect(cache.get('b', now + 1000)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps nothing read across an invalidation or a change of any client', () => {
    const cache = enabled();
    const beforeClear = cache.beginRead();
    cache.clear();
    cache.remember('a', '"old"', null, beforeClear);
    const beforeForget = cache.beginRead();
    cache.forget(['z']);
    cache.remember('a', '"old"', null, beforeForget);
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops what it knew on an invalidation and on a change of that client', () => {
    const cache = enabled();
    cache.remember('a', '"1"', null, cache.beginRead());
    cache.remember('b', '"2"', null, cache.beginRead());
    cache.forget(['a']);
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, '"2"']);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });

  it('answers nothing while off: before it listens, and after the connection is lost', () => {
    const cache = new PolicyEtagCache();
    expect(cache.beginRead()).toBeNull();
    cache.remember('a', '"1"', null, cache.beginRead());
    expect(cache.get('a')).toBeUndefined();
    cache.enable();
    const reading = cache.beginRead();
    cache.disable();
    cache.remember('a', '"1"', null, reading);
    expect(cache.get('a')).toBeUndefined();
  });

  it('holds at most its size, the oldest going first', () => {
    const cache = enabled(2);
    for (const client of ['a', 'b', 'c']) cache.remember(client, `"${client}"`, null, cache.beginRead());
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, '"b"', '"c"']);
  });
});
