import { ContentStore } from './content-store';
import { createMinioClient, S3Endpoint } from './s3-endpoint';

const endpoint: S3Endpoint = { endpoint: 'http://127.0.0.1:9000', bucket: 'sdp-source', accessKey: 'ak', secretKey: 'sk' };

// Pre-signing is pure computation once the region is known, so these need no S3 at all.
describe('createMinioClient', () => {
  it('signs for the host, port and region of the endpoint, path-style', async () => {
    const url = new URL(await createMinioClient(endpoint).presignedGetObject('sdp-source', 'cas/x', 60));

    expect(url.origin).toBe('http://127.0.0.1:9000');
    expect(url.pathname).toBe('/sdp-source/cas/x');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ak\/\d{8}\/us-east-1\/s3\/aws4_request$/);
  });

  it('defaults the port from the scheme and honours another region', async () => {
    const client = createMinioClient({ ...endpoint, endpoint: 'https://s3.example.test', region: 'eu-central-1' });
    const url = new URL(await client.presignedGetObject('sdp-source', 'k', 60));

    expect(url.origin).toBe('https://s3.example.test');
    expect(url.searchParams.get('X-Amz-Credential')).toContain('/eu-central-1/');
  });

  it.each(['127.0.0.1:9000', 'ftp://host', 'http://host:9000/prefix', 'http://user:pw@host', 'not a url'])('rejects %p', (bad) => {
    expect(() => createMinioClient({ ...endpoint, endpoint: bad })).toThrow(TypeError);
  });
});

describe('ContentStore.presignedGet', () => {
  it('signs for the public endpoint with a 15-minute default expiry', async () => {
    const store = new ContentStore({ ...endpoint, publicEndpoint: 'https://dp1.example.test:8443' });
    const url = new URL(await store.presignedGet('packages/p/1/manifest.json'));

    expect(url.origin).toBe('https://dp1.example.test:8443');
    expect(url.pathname).toBe('/sdp-source/packages/p/1/manifest.json');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
  });
});
