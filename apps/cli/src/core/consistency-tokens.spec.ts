import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from './api-client';
import { ConsistencyTokens, consistencyTokensPath, TOKEN_LIFETIME_MS } from './consistency-tokens';
import { DEFAULT_SETTINGS } from './settings';

const A = 'sdp.catalog.packages.v1~S0100001~1';
const A2 = 'sdp.catalog.packages.v1~S0100001~2';
const B = 'sdp.targeting.collections.v1~S0100002~1';

describe('ConsistencyTokens', () => {
  let dir: string;
  let path: string;
  let clock: number;
  const now = () => clock;
  const tokens = (urls = DEFAULT_SETTINGS.urls) => new ConsistencyTokens(path, urls, now);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-tokens-'));
    path = consistencyTokensPath(join(dir, 'sdp', 'config.json'));
    clock = 1_000_000;
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives next to the config file', () => {
    expect(consistencyTokensPath('/home/a/.config/sdp/config.json')).toBe('/home/a/.config/sdp/consistency-tokens.json');
  });

  it('sends what earlier answers named, across separate invocations, the newest sequence per aggregate', () => {
    expect(tokens().header()).toBeUndefined();
    tokens().remember(A);
    clock += 1000;
    tokens().remember(`${A2}, ${B}`);
    expect(tokens().header()?.split(',').sort()).toEqual([A2, B].sort());
    expect(JSON.parse(readFileSync(path, 'utf8')).tokens).toHaveLength(2);
  });

  it(`forgets tokens older than ${TOKEN_LIFETIME_MS / 1000} s`, () => {
    tokens().remember(A);
    clock += 30_000;
    tokens().remember(B);
    clock += TOKEN_LIFETIME_MS - 30_000 + 1;
    expect(tokens().header()).toBe(B);
    clock += 30_000;
    expect(tokens().header()).toBeUndefined();
  });

  it('keeps the tokens of one system from another', () => {
    tokens().remember(A);
    expect(tokens({ ...DEFAULT_SETTINGS.urls, catalog: 'https://catalog.example' }).header()).toBeUndefined();
  });

  it('never fails because the file is unreadable, garbage or cannot be written', () => {
    mkdirSync(join(dir, 'sdp'), { recursive: true });
    writeFileSync(path, 'not json');
    expect(tokens().header()).toBeUndefined();
    writeFileSync(path, JSON.stringify({ tokens: [{ item: 7 }, null, 'x'] }));
    expect(tokens().header()).toBeUndefined();
    rmSync(path);
    mkdirSync(path);
    expect(() => tokens().remember(A)).not.toThrow();
    expect(tokens().header()).toBeUndefined();
    rmSync(path, { recursive: true });
    chmodSync(join(dir, 'sdp'), 0o500);
    try {
      expect(() => tokens().remember(A)).not.toThrow();
    } finally {
      chmodSync(join(dir, 'sdp'), 0o700);
    }
  });

  it('goes out with the ApiClient requests and comes back from its answers', async () => {
    const sent: (string | null)[] = [];
    const fetchImpl = (async (_url: URL, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('sdp-consistency'));
      return new Response('{}', { status: 201, headers: { 'sdp-consistency': sent.length === 1 ? A : B } });
    }) as unknown as typeof fetch;
    const api = new ApiClient(DEFAULT_SETTINGS, fetchImpl, tokens());
    await api.post('catalog', '/api/v1/packages', {});
    await api.post('advertisement', '/api/v1/advertisements', {});
    await new ApiClient(DEFAULT_SETTINGS, fetchImpl, tokens()).get('replication', '/api/v1/distribution-points');
    expect(sent[0]).toBeNull();
    expect(sent[1]).toBe(A);
    expect(sent[2]?.split(',').sort()).toEqual([A, B].sort());
  });
});
