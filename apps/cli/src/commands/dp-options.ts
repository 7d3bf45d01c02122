import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { toggle } from '../core/toggle';
import { defined, parseInteger, requiredText, text, texts } from '../core/values';

export const DP_OPTIONS: Record<string, OptionSpec> = {
  endpoint: { type: 'string', value: 'URL', help: 'S3 endpoint the service writes to' },
  'public-endpoint': { type: 'string', value: 'URL', help: 'S3 endpoint clients download from (default: endpoint)' },
  bucket: { type: 'string', value: 'B', help: 'bucket on the DP' },
  region: { type: 'string', value: 'R', help: 'S3 region (default us-east-1)' },
  'access-key': { type: 'string', value: 'K', help: 'S3 access key' },
  'secret-key': { type: 'string', value: 'S', help: 'S3 secret key (stored encrypted, never shown); or set SDP_DP_SECRET_KEY' },
  site: { type: 'string', value: 'CODE', help: 'site code (default: the service site)' },
  boundary: { type: 'string', multiple: true, value: 'CIDR', help: 'network boundary; repeatable' },
  protected: { type: 'boolean', help: 'clients inside its boundaries use it first and leave it only with fallback allowed' },
  unprotected: { type: 'boolean', help: 'not protected (default)' },
  description: { type: 'string', value: 'TEXT', help: 'description' },
  'max-concurrent-transfers': { type: 'string', value: 'N', help: '1..1024 (default 8)' },
  'rate-limit': { type: 'string', value: 'BYTES/S', help: 'bytes per second, or "unlimited" (default)' },
};

function rateLimit(values: OptionValues): number | null | undefined {
  const raw = text(values, 'rate-limit');
  if (raw === undefined) return undefined;
  return raw === 'unlimited' ? null : parseInteger(raw, 'rate-limit', 1);
}

function dpFields(values: OptionValues, secretFromEnv: string | undefined) {
  const concurrency = text(values, 'max-concurrent-transfers');
  const boundaries = texts(values, 'boundary');
  return defined({
    description: text(values, 'description'),
    endpoint: text(values, 'endpoint'),
    publicEndpoint: text(values, 'public-endpoint'),
    bucket: text(values, 'bucket'),
    region: text(values, 'region'),
    accessKey: text(values, 'access-key'),
    // A secret on the command line shows in the process list; the environment does not.
    secretKey: text(values, 'secret-key') ?? secretFromEnv,
    siteCode: text(values, 'site')?.toUpperCase(),
    boundaries: boundaries.length > 0 ? boundaries : undefined,
    protected: toggle(values, 'protected', 'unprotected'),
    maxConcurrentTransfers: concurrency === undefined ? undefined : parseInteger(concurrency, 'max-concurrent-transfers', 1, 1024),
    rateLimitBytesPerSec: rateLimit(values),
  });
}

export function createDpBody(name: string, values: OptionValues, env: NodeJS.ProcessEnv) {
  const fields = dpFields(values, env.SDP_DP_SECRET_KEY || undefined);
  for (const option of ['endpoint', 'bucket', 'access-key']) requiredText(values, option);
  if (!fields.secretKey) throw new UsageError('--secret-key (or SDP_DP_SECRET_KEY) is required');
  return { name, ...fields };
}

export function updateDpBody(values: OptionValues) {
  const body = { ...dpFields(values, undefined), ...defined({ enabled: toggle(values, 'enable', 'disable') }) };
  if (Object.keys(body).length === 0) throw new UsageError('nothing to change; see sdp dp update --help');
  return body;
}
