import { MeteringRule, PlatformData } from '../api/types';
import { FieldErrors } from '../components/form-errors';

export interface MeteringRuleFormValues {
  productName: string;
  fileName: string;
  originalFileName: string;
  fileVersion: string;
  language: string;
  anyPlatform: boolean;
  platforms: { os: PlatformData['os']; arch: PlatformData['arch']; minVersion: string; maxVersion: string }[];
  site: string;
  licencesOwned: string;
  enabled: boolean;
  installedSoftwareName: string;
}

/** The fields the metering service names in a 400/422, so its messages land beside them. */
export const METERING_RULE_FIELDS = [
  'productName',
  'fileName',
  'originalFileName',
  'fileVersion',
  'language',
  'platforms',
  'site',
  'licencesOwned',
  'enabled',
  'installedSoftwareName',
] as const;

export function meteringRuleFormValues(existing?: MeteringRule): MeteringRuleFormValues {
  return {
    productName: existing?.productName ?? '',
    fileName: existing?.fileName ?? '',
    originalFileName: existing?.originalFileName ?? '',
    fileVersion: existing?.fileVersion ?? '*',
    language: existing?.language ?? '',
    anyPlatform: !existing || existing.platforms === 'any',
    platforms:
      existing && existing.platforms !== 'any'
        ? existing.platforms.map((platform) => ({ os: platform.os, arch: platform.arch, minVersion: platform.minVersion ?? '', maxVersion: platform.maxVersion ?? '' }))
        : [],
    site: existing?.site ?? '',
    licencesOwned: String(existing?.licencesOwned ?? 0),
    enabled: existing?.enabled ?? true,
    installedSoftwareName: existing?.installedSoftwareName ?? '',
  };
}

/**
 * What the form checks before sending: only what needs no knowledge of the service's rules (a
 * name, an executable, a whole number). The version pattern, language and platforms are the
 * service's to judge: its 422 names the field and lands beside it.
 */
export function validateMeteringRule(values: MeteringRuleFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.productName.trim() === '') errors.productName = 'Product name is required.';
  if (values.fileName.trim() === '' && values.originalFileName.trim() === '') errors.fileName = 'Name the executable: a file name, an original file name or both.';
  const licences = Number(values.licencesOwned);
  if (values.licencesOwned.trim() === '' || !Number.isInteger(licences) || licences < 0) errors.licencesOwned = 'A whole number, 0 or more.';
  if (!values.anyPlatform && values.platforms.length === 0) errors.platforms = 'Add at least one platform, or choose any platform.';
  return errors;
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The request body: every field of the rule, empty text as null (any, or the product name). */
export function meteringRuleBody(values: MeteringRuleFormValues): Record<string, unknown> {
  return {
    productName: values.productName.trim(),
    fileName: orNull(values.fileName),
    originalFileName: orNull(values.originalFileName),
    fileVersion: values.fileVersion.trim(),
    language: orNull(values.language),
    platforms: values.anyPlatform
      ? 'any'
      : values.platforms.map((platform) => ({
          os: platform.os,
          arch: platform.arch,
          ...(platform.minVersion.trim() ? { minVersion: platform.minVersion.trim() } : {}),
          ...(platform.maxVersion.trim() ? { maxVersion: platform.maxVersion.trim() } : {}),
        })),
    site: orNull(values.site),
    licencesOwned: Number(values.licencesOwned),
    enabled: values.enabled,
    installedSoftwareName: orNull(values.installedSoftwareName),
  };
}

/** A rule's platforms in words for the list. */
export function platformsText(platforms: MeteringRule['platforms']): string {
  if (platforms === 'any') return 'any';
  return platforms
    .map((platform) => {
      const range = platform.minVersion || platform.maxVersion ? ` ${platform.minVersion ?? ''}–${platform.maxVersion ?? ''}` : '';
      return `${platform.os} ${platform.arch}${range}`;
    })
    .join(', ');
}
