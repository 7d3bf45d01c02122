import { DistributionPoint } from '../api/types';
import { FieldErrors } from '../components/form-errors';

export interface DpFormValues {
  name: string;
  description: string;
  endpoint: string;
  publicEndpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  siteCode: string;
  boundaries: string;
  protected: boolean;
  enabled: boolean;
  maxConcurrentTransfers: string;
  rateLimitBytesPerSec: string;
}

export const DP_FIELDS = ['name', 'description', 'endpoint', 'publicEndpoint', 'bucket', 'region', 'accessKey', 'secretKey', 'siteCode', 'boundaries', 'maxConcurrentTransfers', 'rateLimitBytesPerSec'] as const;

export function dpFormValues(existing?: DistributionPoint): DpFormValues {
  return {
    name: existing?.name ?? '',
    description: existing?.description ?? '',
    endpoint: existing?.endpoint ?? '',
    publicEndpoint: existing && existing.publicEndpoint !== existing.endpoint ? existing.publicEndpoint : '',
    bucket: existing?.bucket ?? '',
    region: existing?.region ?? 'us-east-1',
    accessKey: existing?.accessKey ?? '',
    secretKey: '',
    siteCode: existing?.siteCode ?? '',
    boundaries: (existing?.boundaries ?? []).join('\n'),
    protected: existing?.protected ?? false,
    enabled: existing?.enabled ?? true,
    maxConcurrentTransfers: String(existing?.maxConcurrentTransfers ?? 8),
    rateLimitBytesPerSec: existing?.rateLimitBytesPerSec == null ? '' : String(existing.rateLimitBytesPerSec),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

export function validateDp(values: DpFormValues, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (creating && !/^[a-z0-9-]{1,63}$/.test(values.name)) errors.name = '1 to 63 lower-case letters, digits or hyphens.';
  if (!isHttpUrl(values.endpoint)) errors.endpoint = 'An http:// or https:// URL.';
  if (values.publicEndpoint && !isHttpUrl(values.publicEndpoint)) errors.publicEndpoint = 'An http:// or https:// URL, or empty to use the endpoint.';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(values.bucket)) errors.bucket = 'A valid S3 bucket name: 3–63 lower-case letters, digits, dots or hyphens.';
  if (creating && values.accessKey.trim() === '') errors.accessKey = 'Access key is required.';
  if (creating && values.secretKey === '') errors.secretKey = 'Secret key is required.';
  if (values.siteCode && !/^[A-Z0-9]{3}$/.test(values.siteCode)) errors.siteCode = 'Three upper-case letters or digits, or empty for this site.';
  const transfers = Number(values.maxConcurrentTransfers);
  if (!Number.isInteger(transfers) || transfers < 1 || transfers > 1024) errors.maxConcurrentTransfers = 'A whole number from 1 to 1024.';
  if (values.rateLimitBytesPerSec !== '' && (!Number.isInteger(Number(values.rateLimitBytesPerSec)) || Number(values.rateLimitBytesPerSec) < 1)) {
    errors.rateLimitBytesPerSec = 'A whole number of bytes per second, or empty for unlimited.';
  }
  return errors;
}

/**
 * On edit, credentials are sent only when typed: changing them needs the admin role, and an
 * empty secret means "keep the stored one".
 */
export function dpBody(values: DpFormValues, existing?: DistributionPoint): Record<string, unknown> {
  const body: Record<string, unknown> = {
    description: values.description,
    endpoint: values.endpoint.trim(),
    publicEndpoint: values.publicEndpoint.trim() || values.endpoint.trim(),
    bucket: values.bucket.trim(),
    region: values.region.trim() || 'us-east-1',
    boundaries: values.boundaries.split(/[\s,]+/).filter(Boolean),
    protected: values.protected,
    enabled: values.enabled,
    maxConcurrentTransfers: Number(values.maxConcurrentTransfers),
    rateLimitBytesPerSec: values.rateLimitBytesPerSec === '' ? null : Number(values.rateLimitBytesPerSec),
  };
  if (values.siteCode) body.siteCode = values.siteCode;
  if (!existing) {
    body.name = values.name;
    body.accessKey = values.accessKey.trim();
    body.secretKey = values.secretKey;
  } else {
    if (values.accessKey.trim() !== (existing.accessKey ?? '')) body.accessKey = values.accessKey.trim();
    if (values.secretKey !== '') body.secretKey = values.secretKey;
    for (const field of ['endpoint', 'bucket', 'region'] as const) {
      if (body[field] === existing[field]) delete body[field];
    }
  }
  return body;
}
