import { ClientTokenIssuer, DEV_CLIENT_TOKEN_KEYPAIR, parseClientTokenPrivateKey } from '@sdp/auth';
import { CatalogHarness } from './test-support/catalog-harness';

/** GET /api/v1/me comes from libs/auth; the catalog stands for the four services that import it. */
describe('GET /api/v1/me on the catalog (real PostgreSQL, Kafka, S3)', () => {
  let catalog: CatalogHarness;

  beforeAll(async () => {
    catalog = await CatalogHarness.start({
      SDP_ADMIN_TOKENS: 'dev-admin-token:admin:dev-admin,operator-token:operator:ops-team,viewer-token:viewer',
    });
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it.each([
    ['dev-admin-token', { kind: 'admin', role: 'admin', name: 'dev-admin' }],
    ['operator-token', { kind: 'admin', role: 'operator', name: 'ops-team' }],
    ['viewer-token', { kind: 'admin', role: 'viewer', name: 'viewer-3' }],
  ])('tells %s its role', async (token, body) => {
    const response = await catalog.request('GET', '/api/v1/me', undefined, token);

    expect(response).toEqual({ status: 200, body });
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('refuses a client token with 403 in the error shape', async () => {
    const clientToken = new ClientTokenIssuer(parseClientTokenPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey)).issue({ clientId: 'client-me', siteCode: catalog.siteCode });

    const response = await catalog.request('GET', '/api/v1/me', undefined, clientToken);

    expect(response).toEqual({ status: 403, body: { statusCode: 403, error: 'Forbidden', code: 'ADMIN_TOKEN_REQUIRED', message: 'This endpoint needs an admin token' } });
  });

  it('answers 401 without a token', async () => {
    const response = await fetch(`${catalog.service.url}/api/v1/me`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'TOKEN_MISSING', message: 'Missing bearer token' });
  });
});
