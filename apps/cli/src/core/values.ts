import type { OptionValues } from './command';
import { reportUsageProblem } from './usage-problems';

/**
 * Typed reads of parsed options; a wrong value is a usage problem naming the option, gathered with
 * the others of the command line (reportUsageProblem), and the read gives undefined (NaN, '').
 */
export function text(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredText(values: OptionValues, name: string): string {
  const value = text(values, name);
  if (value === undefined || value === '') {
    reportUsageProblem(`--${name} is required`);
    return '';
  }
  return value;
}

export function texts(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function flag(values: OptionValues, name: string): boolean | undefined {
  const value = values[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function parseInteger(raw: string, name: string, min = -Infinity, max = Infinity): number {
  if (!/^-?\d+$/.test(raw.trim())) {
    reportUsageProblem(`--${name} must be a whole number, not ${JSON.stringify(raw)}`);
    return Number.NaN;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    reportUsageProblem(`--${name} must be between ${min} and ${max}, not ${value}`);
    return Number.NaN;
  }
  return value;
}

export function integer(values: OptionValues, name: string, min?: number, max?: number): number | undefined {
  const raw = text(values, name);
  return raw === undefined ? undefined : parseInteger(raw, name, min, max);
}

export function integers(values: OptionValues, name: string): number[] | undefined {
  const raw = texts(values, name).flatMap((item) => item.split(','));
  return raw.length === 0 ? undefined : raw.map((item) => parseInteger(item, name));
}

export function oneOf<T extends string>(values: OptionValues, name: string, allowed: readonly T[]): T | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    reportUsageProblem(`--${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
    return undefined;
  }
  return raw as T;
}

/** An ISO-8601 date and time with an offset, as the services require; "now" is accepted too. */
export function timestamp(raw: string, name: string): string {
  if (raw === 'now') return new Date().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    reportUsageProblem(`--${name} must be an ISO-8601 time with offset such as 2026-03-02T22:00:00Z, not ${JSON.stringify(raw)}`);
    return raw;
  }
  // The services want seconds; 22:00Z means 22:00:00Z.
  return raw.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-])/, '$1:00$2');
}

/** Drops undefined fields so a PATCH changes only what was given. */
export function defined<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<T>;
}
