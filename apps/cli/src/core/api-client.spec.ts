import { ApiClient, describeConnectionError } from './api-client';
import { ApiError } from './errors';
import { DEFAULT_SETTINGS } from './settings';

function fakeFetch(responses: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (next === undefined) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('ApiClient', () => {
  it('sends the bearer token and JSON body to the right service', async () => {
    const { calls, fetchImpl } = fakeFetch([json(201, { id: 'S0100001' })]);
    const api = new ApiClient({ ...DEFAULT_SETTINGS, token: 'secret-token' }, fetchImpl);
    await expect(api.post('catalog', '/api/v1/packages', { name: 'x' })).resolves.toEqual({ id: 'S0100001' });
    expect(calls[0].url).toBe('http://127.0.0.1:3001/api/v1/packages');
    expect(calls[0].init.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json' });
    expect(calls[0].init.body).toBe('{"name":"x"}');
  });

  it('follows nextCursor until the list ends or the limit is reached', async () => {
    const { calls, fetchImpl } = fakeFetch([json(200, { items: [1, 2], nextCursor: 'c1' }), json(200, { items: [3], nextCursor: null })]);
    const api = new ApiClient(DEFAULT_SETTINGS, fetchImpl);
    await expect(api.list('targeting', '/api/v1/clients', { query: "os.name = 'linux'" })).resolves.toEqual([1, 2, 3]);
    expect(new URL(calls[1].url).searchParams.get('cursor')).toBe('c1');
    expect(new URL(calls[0].url).searchParams.get('query')).toBe("os.name = 'linux'");

    const limited = fakeFetch([json(200, { items: [1, 2], nextCursor: 'c1' })]);
    await expect(new ApiClient(DEFAULT_SETTINGS, limited.fetchImpl).list('catalog', '/api/v1/packages', {}, 2)).resolves.toEqual([1, 2]);
    expect(new URL(limited.calls[0].url).searchParams.get('limit')).toBe('2');
  });

  it('turns an error status into an ApiError with the body', async () => {
    const { fetchImpl } = fakeFetch([json(404, { statusCode: 404, error: 'Not Found', message: 'package S01FFFFF not found' })]);
    const error = await new ApiClient(DEFAULT_SETTINGS, fetchImpl).get('catalog', '/api/v1/packages/S01FFFFF').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('404 Not Found: package S01FFFFF not found');
  });

  it('answers undefined for an empty 204', async () => {
    const { fetchImpl } = fakeFetch([new Response(null, { status: 204 })]);
    await expect(new ApiClient(DEFAULT_SETTINGS, fetchImpl).delete('catalog', '/api/v1/packages/S0100001')).resolves.toBeUndefined();
  });

  it('names the service and URL it cannot reach', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const { fetchImpl } = fakeFetch([refused]);
    await expect(new ApiClient(DEFAULT_SETTINGS, fetchImpl).get('advertisement', '/api/v1/advertisements')).rejects.toThrow(
      'cannot reach the advertisement service at http://127.0.0.1:3004 (connection refused); set --advertisement-url or SDP_ADVERTISEMENT_URL',
    );
  });
});

describe('describeConnectionError', () => {
  it('finds the code inside an aggregate error and falls back to the message', () => {
    const aggregate = Object.assign(new TypeError('fetch failed'), { cause: { errors: [{}, { code: 'ENOTFOUND' }] } });
    expect(describeConnectionError('catalog', 'http://catalog', aggregate)).toContain('(unknown host)');
    expect(describeConnectionError('catalog', 'http://catalog', new TypeError('fetch failed'))).toContain('(fetch failed)');
  });
});

describe('ApiClient timeouts', () => {
  it('names the service that did not answer in time', async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const { fetchImpl } = fakeFetch([timeout]);
    await expect(new ApiClient(DEFAULT_SETTINGS, fetchImpl).post('targeting', '/api/v1/collections/S0100001/evaluate')).rejects.toThrow(
      'the targeting service at http://127.0.0.1:3003 did not answer POST /api/v1/collections/S0100001/evaluate within 120 s',
    );
  });
});
