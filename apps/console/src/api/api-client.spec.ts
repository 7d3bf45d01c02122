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
