import { PackageData, Priority } from '../api/types';
import { FieldErrors } from '../components/form-errors';

export type LocationChoice = 'keep' | 'none' | 'directory' | 's3';

export interface PackageFormValues {
  name: string;
  version: string;
  manufacturer: string;
  language: string;
  description: string;
  priority: Priority;
  persistInCache: boolean;
  hasSource: boolean;
  location: LocationChoice;
  directoryPath: string;
  s3: { endpoint: string; bucket: string; prefix: string; region: string; accessKey: string; secretKey: string };
  sourceRefreshMinutes: string;
}

export const PACKAGE_FIELDS = ['name', 'version', 'manufacturer', 'language', 'description', 'priority', 'sourceLocation', 'sourceRefreshMinutes'] as const;

export function packageFormValues(existing?: PackageData): PackageFormValues {
  return {
    name: existing?.name ?? '',
    version: existing?.version ?? '',
    manufacturer: existing?.manufacturer ?? '',
    language: existing?.language ?? '',
    description: existing?.description ?? '',
    priority: existing?.priority ?? 'medium',
    persistInCache: existing?.persistInCache ?? false,
    hasSource: existing?.hasSource ?? true,
    location: existing ? 'keep' : 'none',
    directoryPath: '',
    s3: { endpoint: '', bucket: '', prefix: '', region: '', accessKey: '', secretKey: '' },
    sourceRefreshMinutes: existing?.sourceRefreshMinutes == null ? '' : String(existing.sourceRefreshMinutes),
  };
}

const TEXT_FIELDS = ['name', 'version', 'manufacturer', 'language', 'description'] as const;

export function validatePackage(values: PackageFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = 'Name is required.';
  for (const field of TEXT_FIELDS) {
    if (values[field].length > 255) errors[field] = `At most 255 characters (now ${values[field].length}).`;
  }
  if (values.sourceRefreshMinutes.trim() !== '') {
    const minutes = Number(values.sourceRefreshMinutes);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 10080) errors.sourceRefreshMinutes = 'A whole number of minutes from 5 to 10080, or empty for on request only.';
  }
  if (values.location === 'directory' && values.directoryPath.trim() === '') errors.sourceLocation = 'Enter the directory path under the catalog source root.';
  if (values.location === 's3') {
    const missing = (['endpoint', 'bucket', 'accessKey', 'secretKey'] as const).filter((key) => values.s3[key].trim() === '');
    if (missing.length > 0) errors.sourceLocation = `S3 location needs ${missing.join(', ')}.`;
  }
  return errors;
}

/** The request body; on edit, only what the form can change, and the location only when asked to. */
export function packageBody(values: PackageFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    version: values.version,
    manufacturer: values.manufacturer,
    language: values.language,
    description: values.description,
    priority: values.priority,
    persistInCache: values.persistInCache,
    hasSource: values.hasSource,
    sourceRefreshMinutes: values.sourceRefreshMinutes.trim() === '' ? null : Number(values.sourceRefreshMinutes),
  };
  if (values.location === 'none') body.sourceLocation = null;
  if (values.location === 'directory') body.sourceLocation = { type: 'directory', path: values.directoryPath.trim() };
  if (values.location === 's3') {
    const { region, ...rest } = values.s3;
    body.sourceLocation = { type: 's3', ...rest, ...(region.trim() ? { region: region.trim() } : {}) };
  }
  return body;
}
