import { ApiClient, CONSISTENCY_HEADER } from './api-client';

describe('ApiClient consistency tokens', () => {
  it('sends back what write answers named, newest per aggregate, for a minute', async () => {
    let clock = 0;
    const sent: (string | null)[] = [];
    const answers = ['sdp.catalog.packages.v1~S0100001~1', 'sdp.catalog.packages.v1~S0100001~2,sdp.targeting.collections.v1~S0100002~1', null, null, null];
    const fetcher = async (_input: string, init?: RequestInit) => {
      sent.push(new Headers(init?.headers).get(CONSISTENCY_HEADER));
      const token = answers.shift();
      return new Response('{}', { status: 200, headers: token ? { [CONSISTENCY_HEADER]: token } : {} });
    };
    const api = new ApiClient('token', fetcher, () => clock);
    await api.post('catalog', '/packages', {});
    await api.post('catalog', '/packages/S0100001/programs', {});
    clock += 30_000;
    await api.post('advertisement', '/advertisements', {});
    await api.get('replication', '/distribution-points');
    clock += 30_001;
    await api.get('replication', '/distribution-points');
    expect(sent).toEqual([
      null,
      'sdp.catalog.packages.v1~S0100001~1',
      'sdp.catalog.packages.v1~S0100001~2,sdp.targeting.collections.v1~S0100002~1',
      'sdp.catalog.packages.v1~S0100001~2,sdp.targeting.collections.v1~S0100002~1',
      null,
    ]);
  });
});

describe('ApiClient answers', () => {
  it('shows control characters and bidi overrides from the services as visible escapes, keys and errors included', async () => {
    const bodies = [
      { status: 200, body: JSON.stringify({ items: [{ name: 'invoice.\u202etxt.exe', comment: 'line\nnext\u001b[2J', inventory: { 'dept\u0007': 'x' } }], count: 1 }) },
      { status: 409, body: JSON.stringify({ statusCode: 409, error: 'Conflict', message: 'in use by \u202eA0100001' }) },
    ];
    const fetcher = async () => {
      const next = bodies.shift()!;
      return new Response(next.body, { status: next.status });
    };
    const api = new ApiClient('token', fetcher);
    await expect(api.get('catalog', '/packages')).resolves.toEqual({
      items: [{ name: 'invoice.\\u{202E}txt.exe', comment: 'line\nnext\\u{001B}[2J', inventory: { 'dept\\u{0007}': 'x' } }],
      count: 1,
    });
    await expect(api.get('catalog', '/packages/S0100001')).rejects.toMatchObject({ message: expect.stringContaining('in use by \\u{202E}A0100001') });
  });
});
