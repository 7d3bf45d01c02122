import { CacheEntry, planEviction } from './cache-eviction';

const entry = (key: string, sizeBytes: number, lastUsedAt: number, persist = false): CacheEntry => ({ key, sizeBytes, lastUsedAt, persist });

describe('cache eviction (LRU, persisted content kept)', () => {
  const entries = [entry('a/1', 40, 300), entry('b/1', 30, 100), entry('c/1', 20, 200, true)];

  it('evicts nothing when the content fits', () => {
    expect(planEviction(entries, 10, 100, new Set())).toEqual({ fits: true, evict: [] });
  });

  it('evicts least recently used first, only as much as needed', () => {
    expect(planEviction(entries, 30, 100, new Set())).toEqual({ fits: true, evict: ['b/1'] });
    expect(planEviction(entries, 70, 100, new Set())).toEqual({ fits: true, evict: ['b/1', 'a/1'] });
  });

  it('never evicts persisted content or content in use', () => {
    expect(planEviction(entries, 60, 100, new Set(['b/1']))).toEqual({ fits: false, reason: 'persisted-content-fills-cache' });
    expect(planEviction(entries, 85, 100, new Set())).toEqual({ fits: false, reason: 'persisted-content-fills-cache' });
  });

  it('refuses content larger than the whole cache', () => {
    expect(planEviction([], 101, 100, new Set())).toEqual({ fits: false, reason: 'larger-than-cache' });
  });
});
