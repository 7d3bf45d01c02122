import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { defined, integer, text, texts } from '../core/values';
import { parsePlatforms } from './platform';

/** Options of `metering rule create` and `metering rule update`; the names follow the rule's fields. */
export const METERING_RULE_OPTIONS: Record<string, OptionSpec> = {
  product: { type: 'string', value: 'NAME', help: 'product name (productName)' },
  file: { type: 'string', value: 'NAME', help: 'executable file name, e.g. WINWORD.EXE ("none" removes it)' },
  'original-file': { type: 'string', value: 'NAME', help: 'original file name of its version resource (Windows; "none" removes it)' },
  version: { type: 'string', value: 'PATTERN', help: 'file version with wildcards * and ?, e.g. 16.* (default *)' },
  language: { type: 'string', value: 'LANG', help: 'language tag or ID, e.g. en-US or 1033 ("any", the default, for every language)' },
  'installed-name': { type: 'string', value: 'PATTERN', help: 'installed software name with wildcards * and ?, e.g. "Contoso Word*" ("none", the default, for the product name)' },
  platform: { type: 'string', multiple: true, value: 'SPEC', help: 'any (default), or OS/ARCH[>=MIN][<=MAX] such as windows/x64>=10.0 or linux/any (any architecture); repeatable' },
  site: { type: 'string', value: 'CODE', help: 'the site whose clients meter it ("any", the default, for every site)' },
  licences: { type: 'string', value: 'N', help: 'licences owned (default 0)' },
};

/** `none`/`any` clear an optional field (null); absent options stay absent. */
function clearable(values: OptionValues, name: string, clearWord: 'none' | 'any'): string | null | undefined {
  const raw = text(values, name);
  return raw === undefined ? undefined : raw.toLowerCase() === clearWord ? null : raw;
}

/** The rule fields given on the command line; absent options stay absent so the service's defaults (or current values) apply. */
export function meteringRuleFields(values: OptionValues) {
  return defined({
    productName: text(values, 'product'),
    fileName: clearable(values, 'file', 'none'),
    originalFileName: clearable(values, 'original-file', 'none'),
    fileVersion: text(values, 'version'),
    language: clearable(values, 'language', 'any'),
    installedSoftwareName: clearable(values, 'installed-name', 'none'),
    platforms: parsePlatforms(texts(values, 'platform')),
    site: clearable(values, 'site', 'any'),
    licencesOwned: integer(values, 'licences'),
  });
}

/** `create` needs a product and something to match; the service says what else is wrong (422). */
export function createMeteringRuleBody(values: OptionValues) {
  const body = meteringRuleFields(values);
  if (body.productName === undefined) throw new UsageError('--product is required');
  if (!body.fileName && !body.originalFileName) throw new UsageError('--file or --original-file (or both) is required');
  return body;
}

/** `--month YYYY-MM`, checked here so a typo is a usage error, not a round trip. */
export function reportMonth(values: OptionValues): string | undefined {
  const month = text(values, 'month');
  if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM such as 2026-03, not ${JSON.stringify(month)}`);
  return month;
}

/** `--days N` of `metering unused`: whole days from 1 to 3650, checked here so a typo is a usage error. */
export function unusedDays(values: OptionValues): number | undefined {
  return integer(values, 'days', 1, 3650);
}
