import { Client } from 'minio';

/** One S3-compatible endpoint and the bucket used on it (MinIO in production, S3Proxy locally). */
export interface S3Endpoint {
  /** Base URL the service talks to, e.g. `http://127.0.0.1:9000`. */
  endpoint: string;
  /**
   * Base URL clients download from, when it differs from `endpoint` (a DP behind a proxy or NAT).
   * Pre-signed URLs are signed for this host, because SigV4 signs the Host header.
   */
  publicEndpoint?: string;
  bucket: string;
  /** Defaults to us-east-1. Always sent, so the client never probes GetBucketLocation. */
  region?: string;
  accessKey: string;
  secretKey: string;
}

export const DEFAULT_REGION = 'us-east-1';

/** Builds a path-style minio client for the given base URL of an S3 endpoint. */
export function createMinioClient(endpoint: S3Endpoint, baseUrl: string = endpoint.endpoint): Client {
  const url = parseBaseUrl(baseUrl);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
    accessKey: endpoint.accessKey,
    secretKey: endpoint.secretKey,
    region: endpoint.region ?? DEFAULT_REGION,
    pathStyle: true,
  });
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`S3 endpoint is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`S3 endpoint must be http or https: ${baseUrl}`);
  }
  // A path would silently be dropped by the client, sending requests somewhere else than meant.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new TypeError(`S3 endpoint must be a bare scheme://host[:port] URL: ${baseUrl}`);
  }
  return url;
}
