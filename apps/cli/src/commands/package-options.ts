import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { toggle } from '../core/toggle';
import { defined, oneOf, text } from '../core/values';

const PRIORITIES = ['high', 'medium', 'low'] as const;

export const PACKAGE_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'N', help: 'package name' },
  version: { type: 'string', value: 'V', help: "the software's version (free text)" },
  manufacturer: { type: 'string', value: 'M', help: 'manufacturer' },
  language: { type: 'string', value: 'L', help: 'language' },
  description: { type: 'string', value: 'TEXT', help: 'description' },
  priority: { type: 'string', value: 'high|medium|low', help: 'order in which replication serves packages (default medium)' },
  'persist-in-cache': { type: 'boolean', help: 'clients never evict it from their cache' },
  'no-persist-in-cache': { type: 'boolean', help: 'clients may evict it (default)' },
};

export const CREATE_PACKAGE_OPTIONS: Record<string, OptionSpec> = {
  ...PACKAGE_OPTIONS,
  'no-source': { type: 'boolean', help: 'a command-only package that needs no distribution point' },
};

export function packageFields(values: OptionValues) {
  return defined({
    name: text(values, 'name'),
    version: text(values, 'version'),
    manufacturer: text(values, 'manufacturer'),
    language: text(values, 'language'),
    description: text(values, 'description'),
    priority: oneOf(values, 'priority', PRIORITIES),
    persistInCache: toggle(values, 'persist-in-cache', 'no-persist-in-cache'),
  });
}

export function createPackageBody(values: OptionValues) {
  const fields = packageFields(values);
  if (!fields.name) throw new UsageError('--name is required');
  return { ...fields, name: fields.name, ...(values['no-source'] === true ? { hasSource: false } : {}) };
}

export function updatePackageBody(values: OptionValues) {
  const fields = packageFields(values);
  if (Object.keys(fields).length === 0) throw new UsageError('nothing to change: give at least one of --name, --version, --manufacturer, --language, --description, --priority, --persist-in-cache');
  return fields;
}
