import { segment } from '../core/api-client';
import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { toggle } from '../core/toggle';
import { defined, integer, parseInteger, requiredText, text, texts, timestamp } from '../core/values';

export const COLLECTION_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'N', help: 'collection name' },
  comment: { type: 'string', value: 'TEXT', help: 'comment' },
  limit: { type: 'string', value: 'ID', help: 'limiting collection (default SMS00001, All Systems)' },
  parent: { type: 'string', value: 'ID', help: 'parent collection (subcollection tree)' },
  query: { type: 'string', multiple: true, value: 'EXPR', help: "query rule, e.g. \"os.name = 'windows'\"; repeatable" },
  include: { type: 'string', multiple: true, value: 'ID', help: "include another collection's members; repeatable" },
  exclude: { type: 'string', multiple: true, value: 'ID', help: "exclude another collection's members; repeatable" },
  client: { type: 'string', multiple: true, value: 'NAME|ID', help: 'direct membership of a client, by name or ID; repeatable' },
  incremental: { type: 'boolean', help: 'evaluate also as clients change (default of a new collection)' },
  'no-incremental': { type: 'boolean', help: 'evaluate only on schedule, rule change and on demand' },
  'full-every': { type: 'string', value: 'MIN', help: 'full evaluation every MIN minutes (default 1440)' },
};

type Rule =
  | { type: 'query'; name: string; expression: string }
  | { type: 'include' | 'exclude'; collectionId: string }
  | { type: 'direct'; clientId: string };

/** Rules in the order an administrator reads them: queries, direct members, includes, then excludes. */
export function collectionRules(values: OptionValues): Rule[] {
  const queries = texts(values, 'query');
  return [
    ...queries.map((expression, index): Rule => ({ type: 'query', name: queries.length === 1 ? 'query' : `query ${index + 1}`, expression })),
    ...texts(values, 'client').map((clientId): Rule => ({ type: 'direct', clientId })),
    ...texts(values, 'include').map((collectionId): Rule => ({ type: 'include', collectionId: collectionId.toUpperCase() })),
    ...texts(values, 'exclude').map((collectionId): Rule => ({ type: 'exclude', collectionId: collectionId.toUpperCase() })),
  ];
}

/** The fields the options give; `rules` only when a rule option is given, and then the whole list. */
function collectionFields(values: OptionValues) {
  const incremental = toggle(values, 'incremental', 'no-incremental');
  const fullEveryMinutes = integer(values, 'full-every', 1, 525_600);
  const rules = collectionRules(values);
  return defined({
    name: text(values, 'name'),
    comment: text(values, 'comment'),
    limitingCollectionId: text(values, 'limit')?.toUpperCase(),
    parentCollectionId: text(values, 'parent')?.toUpperCase(),
    rules: rules.length > 0 ? rules : undefined,
    refresh: incremental === undefined && fullEveryMinutes === undefined ? undefined : defined({ incremental, fullEveryMinutes }),
  });
}

export function createCollectionBody(values: OptionValues) {
  const name = requiredText(values, 'name');
  const fields = collectionFields(values);
  return { ...fields, name, rules: fields.rules ?? [] };
}

/** A PATCH body: only the fields given; the targeting service replaces the rule list when `rules` is sent. */
export function updateCollectionBody(values: OptionValues) {
  const fields = collectionFields(values);
  if (Object.keys(fields).length === 0) throw new UsageError('nothing to change; see sdp collection update --help');
  return fields;
}

export const RESYNC_OPTIONS: Record<string, OptionSpec> = {
  all: { type: 'boolean', help: 'every collection' },
};

/** The targeting path that republishes one collection's membership, or every collection's with --all. */
export function resyncPath(args: readonly string[], values: OptionValues): string {
  const all = values.all === true;
  if (all && args.length > 0) throw new UsageError('give a collection ID or --all, not both');
  if (all) return '/api/v1/collections/snapshot';
  if (args.length === 0) throw new UsageError('give a collection ID or --all; usage: sdp collection resync ID | --all');
  return `/api/v1/collections/${segment(args[0].toUpperCase())}/snapshot`;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** none | daily | weekly:mon,fri | monthly:15 → the recurrence object of a maintenance window. */
export function parseRecurrence(raw: string) {
  const [kind, detail] = raw.toLowerCase().split(':', 2);
  switch (kind) {
    case 'none':
    case 'daily':
      if (detail !== undefined) break;
      return { type: kind };
    case 'weekly': {
      const days = (detail ?? '').split(',').filter(Boolean).map((day) => {
        const full = WEEKDAYS.find((weekday) => weekday === day || weekday.slice(0, 3) === day);
        if (!full) throw new UsageError(`--recurrence: ${JSON.stringify(day)} is not a day of the week`);
        return full;
      });
      if (days.length === 0) break;
      return { type: 'weekly', days };
    }
    case 'monthly':
      if (detail === undefined) break;
      return { type: 'monthly', day: parseInteger(detail, 'recurrence', 1, 31) };
  }
  throw new UsageError(`--recurrence must be none, daily, weekly:DAY,DAY (e.g. weekly:mon,fri) or monthly:DAY, not ${JSON.stringify(raw)}`);
}

export const WINDOW_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'N', help: 'window name' },
  start: { type: 'string', value: 'TIME', help: 'first start, ISO-8601 with offset (its time of day and offset apply to every recurrence)' },
  duration: { type: 'string', value: 'MIN', help: 'length in minutes, 1..1440' },
  recurrence: { type: 'string', value: 'RULE', help: 'none (default), daily, weekly:mon,fri, monthly:15' },
};

export function maintenanceWindowBody(values: OptionValues) {
  return {
    name: requiredText(values, 'name'),
    start: timestamp(requiredText(values, 'start'), 'start'),
    durationMinutes: parseInteger(requiredText(values, 'duration'), 'duration', 1, 1440),
    recurrence: parseRecurrence(text(values, 'recurrence') ?? 'none'),
  };
}
